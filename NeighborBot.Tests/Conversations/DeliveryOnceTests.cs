using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using NeighborBot.Conversations;
using NeighborBot.Storage;

namespace NeighborBot.Tests.Conversations;

/// <summary>The guard every channel puts around a delivery (a bridge's message id, a WeCom robot's msgid).</summary>
public sealed class DeliveryOnceTests
{
    private static readonly JsonTypeInfo<string> Text = (JsonTypeInfo<string>)JsonSerializerOptions.Default.GetTypeInfo(typeof(string));

    private readonly DeliveryOnce _once;

    public DeliveryOnceTests()
    {
        var store = new InProcessDedupeStore(new InProcessMap(TimeProvider.System));
        _once = new DeliveryOnce(store, Options.Create(new ConversationOptions { RetryWait = TimeSpan.FromSeconds(2) }), TimeProvider.System);
    }

    [Fact]
    public async Task A_repeat_gets_the_first_answer_and_is_not_handled_again()
    {
        var handled = 0;

        var first = await _once.HandleAsync("bridge:b", "m1", Text, _ => Task.FromResult($"answer {++handled}"), default);
        var again = await _once.HandleAsync("bridge:b", "m1", Text, _ => Task.FromResult($"answer {++handled}"), default);

        Assert.Equal(("answer 1", "answer 1", 1), (first, again, handled));
        Assert.Equal("answer 1", await _once.FindAsync("bridge:b", "m1", Text, default));
    }

    [Fact]
    public async Task A_repeat_that_comes_while_the_first_is_handled_waits_for_its_answer()
    {
        var release = new TaskCompletionSource();
        var handled = 0;

        var first = _once.HandleAsync("wecom:bot", "m2", Text, async _ => { handled++; await release.Task; return "done"; }, default);
        var repeat = _once.HandleAsync("wecom:bot", "m2", Text, _ => Task.FromResult("again " + ++handled), default);
        await Task.Delay(200);
        release.SetResult();

        Assert.Equal(("done", "done", 1), (await first, await repeat, handled));
    }

    [Fact]
    public async Task A_delivery_whose_handling_failed_is_handled_by_the_next_one()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _once.HandleAsync<string>("bridge:b", "m3", Text, _ => throw new InvalidOperationException("store down"), default));

        var next = await _once.HandleAsync("bridge:b", "m3", Text, _ => Task.FromResult("handled"), default);

        Assert.Equal("handled", next);
    }

    [Fact]
    public async Task Ids_of_different_scopes_are_different_deliveries()
    {
        await _once.HandleAsync("bridge:one", "m4", Text, _ => Task.FromResult("one"), default);

        Assert.Equal("two", await _once.HandleAsync("bridge:two", "m4", Text, _ => Task.FromResult("two"), default));
        Assert.Null(await _once.FindAsync("bridge:three", "m4", Text, default));
    }
}
