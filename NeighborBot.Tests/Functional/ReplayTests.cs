using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NeighborBot.Conversations;
using NeighborBot.Simulator;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.WeChat;

namespace NeighborBot.Tests.Functional;

/// <summary>
/// A captured signed callback URL cannot carry another body: the URL is remembered with its message
/// for as long as its timestamp is accepted; WeChat's retries (same URL, same body) still get the
/// first answer. The <c>openid</c> of the URL must be the message's sender.
/// </summary>
public sealed class ReplayTests : IClassFixture<ReplayTests.Host>
{
    public sealed class Host : NeighborBotFactory;

    private readonly Host _host;
    private readonly CallbackClient _client;

    public ReplayTests(Host host)
    {
        _host = host;
        _client = new CallbackClient(host.CreateClient(), host.WeChat);
    }

    private static string NewOpenId() => "o_" + Guid.NewGuid().ToString("N")[..16];

    private static Task<IReadOnlyList<HistoryEntry>> History(NeighborBotFactory host, string openId) =>
        host.Services.GetRequiredService<IConversationStore>().ReadHistoryAsync(PersonKey.OfficialAccount(NeighborBotFactory.Account, openId), 10, default);

    private static async Task<(HttpStatusCode Status, string Body)> Post(NeighborBotFactory host, string pathAndQuery, string body)
    {
        using var response = await host.CreateClient().PostAsync(pathAndQuery, new StringContent(body, Encoding.UTF8, "text/xml"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static List<CapturedLog> WarningsSince(NeighborBotFactory host, int before) =>
        [.. host.Logs.Skip(before).Where(l => l.Level >= LogLevel.Warning && !l.Category.StartsWith("Hangfire", StringComparison.Ordinal))];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_captured_url_replayed_with_another_body_is_refused_logged_as_a_security_event_and_not_handled(bool useRedis)
    {
        using var host = new NeighborBotFactory(useRedis);
        var worker = NewOpenId();
        var now = CallbackClient.Now;
        var captured = host.WeChat.Sign(CallbackMessages.Text(worker, now, CallbackClient.NextMsgId(), "我的工单"), DeliveryMode.Plaintext, now);
        var first = await Post(host, captured.PathAndQuery, captured.Body);
        var before = host.Logs.Count;

        var forged = CallbackMessages.Text(worker, now, CallbackClient.NextMsgId(), "办结 0001 已修好");
        var replay = await Post(host, captured.PathAndQuery, forged);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.Status);
        var logged = Assert.Single(WarningsSince(host, before));
        Assert.Equal(1004, logged.EventId.Id);
        Assert.Contains(nameof(WeChatRefusal.Replayed), logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(NeighborBotFactory.Token, logged.Message, StringComparison.Ordinal);
        Assert.Single(await History(host, worker), line => line.Direction == "in");
        Assert.DoesNotContain(await History(host, worker), line => line.Text.Contains("办结", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_retry_on_the_same_url_with_the_same_body_gets_the_first_answer()
    {
        var openId = NewOpenId();
        var request = _host.WeChat.Sign(CallbackMessages.Text(openId, CallbackClient.Now, CallbackClient.NextMsgId(), "3号楼电梯坏了"), DeliveryMode.Plaintext, CallbackClient.Now);

        var first = await Post(_host, request.PathAndQuery, request.Body);
        var second = await Post(_host, request.PathAndQuery, request.Body);
        var third = await Post(_host, request.PathAndQuery, request.Body);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (first.Status, second.Status, third.Status));
        Assert.Contains("工单号", SimulatedWeChat.ReplyText(first.Body), StringComparison.Ordinal);
        Assert.Equal(SimulatedWeChat.ReplyText(first.Body), SimulatedWeChat.ReplyText(second.Body));
        Assert.Equal(SimulatedWeChat.ReplyText(first.Body), SimulatedWeChat.ReplyText(third.Body));
        Assert.Single(await History(_host, openId), line => line.Direction == "in");
    }

    [Fact]
    public async Task A_replay_that_was_refused_does_not_stop_the_retry_of_the_first_body()
    {
        var openId = NewOpenId();
        var now = CallbackClient.Now;
        var request = _host.WeChat.Sign(CallbackMessages.Text(openId, now, CallbackClient.NextMsgId(), "你好"), DeliveryMode.Plaintext, now);

        var first = await Post(_host, request.PathAndQuery, request.Body);
        var replay = await Post(_host, request.PathAndQuery, CallbackMessages.Text(openId, now, CallbackClient.NextMsgId(), "进度"));
        var retry = await Post(_host, request.PathAndQuery, request.Body);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.OK], new[] { first.Status, replay.Status, retry.Status });
        Assert.Equal(SimulatedWeChat.ReplyText(first.Body), SimulatedWeChat.ReplyText(retry.Body));
    }

    [Fact]
    public async Task An_encrypted_retry_is_answered_alike_and_two_sealed_messages_with_one_nonce_are_both_handled()
    {
        var openId = NewOpenId();
        var now = CallbackClient.Now;
        var first = _host.WeChat.Sign(CallbackMessages.Text(openId, now, CallbackClient.NextMsgId(), "你好"), DeliveryMode.Safe, now, nonce: "424242");
        var other = _host.WeChat.Sign(CallbackMessages.Text(openId, now, CallbackClient.NextMsgId(), "进度"), DeliveryMode.Safe, now, nonce: "424242");

        var answers = new List<(HttpStatusCode Status, string Body)>
        {
            await Post(_host, first.PathAndQuery, first.Body),
            await Post(_host, first.PathAndQuery, first.Body),
            await Post(_host, other.PathAndQuery, other.Body),
        };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(SimulatedWeChat.ReplyText(_host.WeChat.OpenReply(answers[0].Body)), SimulatedWeChat.ReplyText(_host.WeChat.OpenReply(answers[1].Body)));
        Assert.Equal(2, (await History(_host, openId)).Count(line => line.Direction == "in"));
    }

    [Theory]
    [InlineData(DeliveryMode.Plaintext)]
    [InlineData(DeliveryMode.Safe)]
    public async Task A_message_whose_sender_is_not_the_openid_of_the_url_is_refused_as_forged(DeliveryMode mode)
    {
        var victim = NewOpenId();
        var forger = NewOpenId();
        var request = _host.WeChat.Sign(CallbackMessages.Text(victim, CallbackClient.Now, CallbackClient.NextMsgId(), "取消 0001"), mode, CallbackClient.Now);
        var before = _host.Logs.Count;

        var (status, _) = await Post(_host, request.PathAndQuery.Replace("openid=" + victim, "openid=" + forger, StringComparison.Ordinal), request.Body);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        var logged = Assert.Single(WarningsSince(_host, before));
        Assert.Equal(1004, logged.EventId.Id);
        Assert.Contains(nameof(WeChatRefusal.WrongSender), logged.Message, StringComparison.Ordinal);
        Assert.Empty(await History(_host, victim));
    }

    [Fact]
    public async Task A_url_without_openid_is_still_accepted()
    {
        var openId = NewOpenId();
        var request = _host.WeChat.Sign(CallbackMessages.Text(openId, CallbackClient.Now, CallbackClient.NextMsgId(), "你好"), DeliveryMode.Plaintext, CallbackClient.Now);

        var (status, body) = await Post(_host, request.PathAndQuery.Replace("&openid=" + openId, string.Empty, StringComparison.Ordinal), request.Body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(SimulatedWeChat.ReplyText(body));
    }

    [Fact]
    public void A_url_is_remembered_until_its_timestamp_would_be_refused()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600);
        var skew = TimeSpan.FromMinutes(5);
        CallbackQuery At(long offset) => new("sig", (now.ToUnixTimeSeconds() + offset).ToString(System.Globalization.CultureInfo.InvariantCulture), "1");

        Assert.Equal(skew + TimeSpan.FromSeconds(1), WeChatCallback.NonceWindow(At(0), skew, now));
        Assert.Equal(skew + TimeSpan.FromSeconds(61), WeChatCallback.NonceWindow(At(60), skew, now)); // WeChat's clock ahead of ours
        Assert.Equal(TimeSpan.FromSeconds(1), WeChatCallback.NonceWindow(At(-300), skew, now));
        Assert.Equal(WeChatOptions.DefaultMaxClockSkew + TimeSpan.FromSeconds(1), WeChatCallback.NonceWindow(At(0), TimeSpan.Zero, now));
    }
}
