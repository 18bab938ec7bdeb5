using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NeighborBot.Conversations;
using NeighborBot.Simulator;
using NeighborBot.Storage;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tickets;
using NeighborBot.WeChat;
using NeighborBot.Wording;

namespace NeighborBot.Tests.Functional;

/// <summary>WeChat's retries against a slow or failing turn, through the real host on Redis.</summary>
public sealed class RetryTests
{
    /// <summary>Answers with the help text, slowly, and counts how often it is asked; can fail on demand.</summary>
    private sealed class SlowResponder(TimeSpan delay) : IResponder
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);
        public int FailuresLeft { get; set; }

        public async Task<TurnResult> RespondAsync(PersonKey who, Conversation conversation, Inbound message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            await Task.Delay(delay, cancellationToken);
            if (FailuresLeft-- > 0)
            {
                throw new InvalidOperationException("simulated failure");
            }

            return new TurnResult(new TextReply(ResidentTexts.Help), conversation.State ?? new ConversationState());
        }
    }

    private static (NeighborBotFactory Host, SlowResponder Responder) Start(TimeSpan delay)
    {
        var responder = new SlowResponder(delay);
        var host = new NeighborBotFactory().WithServices(s => s.Replace(ServiceDescriptor.Singleton<IResponder>(responder)));
        return (host, responder);
    }

    [Fact]
    public async Task Retries_arriving_while_the_first_delivery_is_handled_get_its_reply_not_an_empty_one()
    {
        var (host, responder) = Start(TimeSpan.FromMilliseconds(800));
        using var _ = host;
        var client = new CallbackClient(host.CreateClient(), host.WeChat);
        var request = host.WeChat.Sign(CallbackMessages.Text("o_retry_1", CallbackClient.Now, CallbackClient.NextMsgId(), "楼道灯坏了"), DeliveryMode.Safe, CallbackClient.Now);

        var first = client.PostAsync(request);
        await Task.Delay(100);
        var retries = Enumerable.Range(0, 2).Select(_ => client.PostAsync(request)).ToList();
        var replies = new List<string?>();
        foreach (var response in await Task.WhenAll([first, .. retries]))
        {
            replies.Add(SimulatedWeChat.ReplyText(host.WeChat.OpenReply(await response.Content.ReadAsStringAsync())));
        }

        Assert.Equal(1, responder.Calls);
        Assert.All(replies, r => Assert.Equal(ResidentTexts.Help, r));
    }

    [Fact]
    public async Task A_failed_turn_asks_the_person_to_resend_and_the_resend_is_handled()
    {
        var (host, responder) = Start(TimeSpan.Zero);
        using var _ = host;
        responder.FailuresLeft = 1;
        var client = new CallbackClient(host.CreateClient(), host.WeChat);
        var xml = CallbackMessages.Text("o_retry_2", CallbackClient.Now, CallbackClient.NextMsgId(), "电梯坏了");

        var busy = await client.SendAsync(xml);
        var retried = await client.SendAsync(xml);

        Assert.Equal(ResidentTexts.Busy, SimulatedWeChat.ReplyText(busy));
        Assert.Equal(ResidentTexts.Help, SimulatedWeChat.ReplyText(retried));
        Assert.Equal(2, responder.Calls);
        Assert.DoesNotContain(host.Logs, l => l.Message.Contains("simulated failure", StringComparison.Ordinal) && l.Exception is null);
        Assert.Single(host.Logs, l => l.EventId.Id == 1101);
    }

    [Fact]
    public async Task Two_different_messages_of_one_person_at_once_are_both_handled_on_one_state()
    {
        var (host, responder) = Start(TimeSpan.FromMilliseconds(200));
        using var _ = host;
        var client = new CallbackClient(host.CreateClient(), host.WeChat);

        var replies = await Task.WhenAll(
            client.SayAsync("o_retry_3", "第一条"),
            client.SayAsync("o_retry_3", "第二条"));

        Assert.All(replies, r => Assert.Equal(ResidentTexts.Help, r));
        var state = (await host.Services.GetRequiredService<IConversationStore>()
            .GetAsync(PersonKey.OfficialAccount(NeighborBotFactory.Account, "o_retry_3"), default)).State;
        Assert.Equal(2, state!.Turns);
        Assert.Equal(2, state.Version);
        Assert.True(responder.Calls >= 3, "the turn that lost the race was redone on the newer state");
    }

    [Fact]
    public async Task A_retry_after_the_first_reply_gets_the_same_reply_from_the_dedupe_mark()
    {
        var (host, responder) = Start(TimeSpan.Zero);
        using var _ = host;
        var client = new CallbackClient(host.CreateClient(), host.WeChat);
        var request = host.WeChat.Sign(CallbackMessages.Subscribe("o_retry_4", CallbackClient.Now), DeliveryMode.Plaintext, CallbackClient.Now);

        using var first = await client.PostAsync(request);
        using var again = await client.PostAsync(request);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(
            SimulatedWeChat.ReplyText(await first.Content.ReadAsStringAsync()),
            SimulatedWeChat.ReplyText(await again.Content.ReadAsStringAsync()));
        Assert.Equal(1, responder.Calls);
    }

    [Fact]
    public async Task A_report_whose_process_died_mid_turn_is_handled_by_WeChats_retry_and_answered_with_its_ticket()
    {
        using var host = new NeighborBotFactory().With("Conversations:ClaimLease", "00:00:01");
        var client = new CallbackClient(host.CreateClient(), host.WeChat);
        var msgId = CallbackClient.NextMsgId();
        var who = PersonKey.OfficialAccount(NeighborBotFactory.Account, "o_retry_dead");

        // The first delivery's process claimed the report and died before committing its turn.
        await host.Services.GetRequiredService<IDedupeStore>().ClaimAsync(who.ToString(), "m" + msgId, "dead-process", TimeSpan.FromSeconds(1), default);

        var started = DateTime.UtcNow;
        var reply = SimulatedWeChat.ReplyText(await client.SendAsync(CallbackMessages.Text(who.Id, CallbackClient.Now, msgId, "3号楼2单元楼道灯坏了")));
        var again = SimulatedWeChat.ReplyText(await client.SendAsync(CallbackMessages.Text(who.Id, CallbackClient.Now, msgId, "3号楼2单元楼道灯坏了")));

        var ticket = Assert.Single(await host.Services.GetRequiredService<NeighborBot.Tickets.ITicketStore>().ListByReporterAsync(who.ToString(), 10, default));
        Assert.Contains(ticket.Number, reply, StringComparison.Ordinal);
        Assert.Equal(reply, again);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(4.5));   // within WeChat's 5 s
    }

    [Fact]
    public async Task A_retry_that_still_finds_the_delivery_in_hand_after_its_wait_asks_to_send_again_rather_than_answer_success()
    {
        var (host, responder) = Start(TimeSpan.FromSeconds(3));
        using var _host = host.With("Conversations:RetryWait", "00:00:00.300").With("Conversations:ClaimLease", "00:00:05");
        var client = new CallbackClient(host.CreateClient(), host.WeChat);
        var request = host.WeChat.Sign(CallbackMessages.Text("o_retry_5", CallbackClient.Now, CallbackClient.NextMsgId(), "楼道灯坏了"), DeliveryMode.Plaintext, CallbackClient.Now);

        // The retry comes once the first delivery is in hand (on a busy machine the first request may take longer to get there).
        var first = client.PostAsync(request);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (responder.Calls == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        using var retry = await client.PostAsync(request);

        Assert.Equal(ResidentTexts.Busy, SimulatedWeChat.ReplyText(await retry.Content.ReadAsStringAsync()));
        Assert.Equal(ResidentTexts.Help, SimulatedWeChat.ReplyText(await (await first).Content.ReadAsStringAsync()));
    }
}
