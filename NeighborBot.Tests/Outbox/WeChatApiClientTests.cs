using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NeighborBot.Outbox;
using NeighborBot.Simulator;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.WeChat.Api;
using Polly.CircuitBreaker;
using Polly.Timeout;
using static NeighborBot.Tests.Outbox.NotificationTestHost;

namespace NeighborBot.Tests.Outbox;

/// <summary>The outbound API client against the fake WeChat API, on real Redis.</summary>
public sealed class WeChatApiClientTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Data = new() { ["character_string1"] = "20260712-0042", ["thing2"] = "设施报修" };

    private FakeWeChatApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeWeChatApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private static CancellationToken Ct => CancellationToken.None;

    private Task<WeChatResult> SendTemplate(NeighborBotFactory host, string openId = "o_worker_1", string? clientMsgId = null) =>
        host.Client().SendTemplateAsync(Account, openId, TemplateId, Data, null, clientMsgId ?? Guid.NewGuid().ToString("N"), Ct);

    private static string? ClientMsgIdOf(FakeApiCall call) => JsonDocument.Parse(call.Json).RootElement.GetProperty("client_msg_id").GetString();

    [Fact]
    public async Task The_client_fetches_one_token_and_reuses_it()
    {
        await using var host = Create(_api);

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await SendTemplate(host)).Ok);
        }

        Assert.True((await host.Client().SendCustomTextAsync(Account, "o_resident_1", "您好", Ct)).Ok);

        Assert.Equal(1, _api.StableTokenCalls);
        var sends = _api.Calls.Where(c => c.Endpoint != FakeEndpoint.StableToken).ToList();
        Assert.Equal(4, sends.Count);
        Assert.Single(sends.Select(c => c.AccessToken).Distinct());
        Assert.Equal(_api.IssuedTokens.Single(), sends[0].AccessToken);
    }

    [Fact]
    public async Task The_stable_token_request_carries_the_account_and_does_not_force_a_refresh()
    {
        await using var host = Create(_api);

        await SendTemplate(host);

        var body = JsonDocument.Parse(_api.Calls.First(c => c.Endpoint == FakeEndpoint.StableToken).Json).RootElement;
        Assert.Equal("client_credential", body.GetProperty("grant_type").GetString());
        Assert.Equal(AppId, body.GetProperty("appid").GetString());
        Assert.Equal(Secret, body.GetProperty("secret").GetString());
        Assert.False(body.GetProperty("force_refresh").GetBoolean());
    }

    [Fact]
    public async Task An_expired_token_is_fetched_again()
    {
        var clock = NewClock();
        await using var host = Create(_api, time: clock);

        await SendTemplate(host);
        // WeChat said expires_in 7200 (or a second less); the token is kept 300 s less than that.
        clock.Advance(TimeSpan.FromSeconds(6800));
        await SendTemplate(host);
        Assert.Equal(1, _api.StableTokenCalls);

        clock.Advance(TimeSpan.FromSeconds(100));
        await SendTemplate(host);

        Assert.Equal(2, _api.StableTokenCalls);
    }

    [Fact]
    public async Task A_refused_token_is_refreshed_once_and_the_call_made_once_more()
    {
        await using var host = Create(_api);
        await SendTemplate(host);
        _api.RevokeTokens();

        var result = await SendTemplate(host, clientMsgId: "m-40001");

        Assert.True(result.Ok);
        Assert.Equal(2, _api.StableTokenCalls);
        var tries = _api.Calls.Where(c => c.Endpoint == FakeEndpoint.TemplateSend && c.ClientMsgId == "m-40001").ToList();
        Assert.Equal(new[] { 40001, 0 }, tries.Select(c => c.ErrCode));
        Assert.NotEqual(tries[0].AccessToken, tries[1].AccessToken);
        Assert.Equal(_api.IssuedTokens[^1], tries[1].AccessToken);
        Assert.Single(_api.Deliveries, d => d.ClientMsgId == "m-40001");
    }

    [Fact]
    public async Task A_token_refused_again_after_the_refresh_is_not_refreshed_a_second_time()
    {
        await using var host = Create(_api);
        _api.FailNext(FakeFault.InvalidToken, FakeEndpoint.CustomSend, times: 5);

        var result = await host.Client().SendCustomTextAsync(Account, "o_resident_1", "您好", Ct);

        Assert.Equal(WeChatErrors.InvalidCredential, result.ErrCode);
        Assert.Equal(2, _api.Calls.Count(c => c.Endpoint == FakeEndpoint.CustomSend));
        Assert.Equal(2, _api.StableTokenCalls);
        Assert.Empty(_api.Deliveries);
    }

    [Theory]
    [InlineData(FakeEndpoint.TemplateSend)]
    [InlineData(FakeEndpoint.CustomSend)]
    public async Task Server_errors_and_system_busy_are_retried_until_WeChat_takes_the_message(FakeEndpoint endpoint)
    {
        await using var host = Create(_api);
        _api.FailNext(FakeFault.Http500, endpoint);
        _api.FailNext(FakeFault.SystemBusy, endpoint);

        var result = endpoint == FakeEndpoint.TemplateSend
            ? await SendTemplate(host)
            : await host.Client().SendCustomTextAsync(Account, "o_resident_1", "您好", Ct);

        Assert.True(result.Ok);
        Assert.Equal(new string?[] { "HTTP 500", "errcode -1", null }, _api.Calls.Where(c => c.Endpoint == endpoint).Select(c => c.Fault));
        Assert.Single(_api.Deliveries);
    }

    [Fact]
    public async Task System_busy_on_every_attempt_comes_back_as_errcode_minus_one()
    {
        await using var host = Create(_api);
        _api.FailNext(FakeFault.SystemBusy, FakeEndpoint.TemplateSend, times: 10);

        var result = await SendTemplate(host);

        Assert.Equal(WeChatErrors.SystemBusy, result.ErrCode);
        Assert.Equal(3, _api.Calls.Count(c => c.Endpoint == FakeEndpoint.TemplateSend));
    }

    [Fact]
    public async Task A_template_send_that_times_out_is_retried_with_the_same_client_msg_id_and_delivered_once()
    {
        await using var host = Create(_api);
        _api.FailNext(FakeFault.SlowAnswer(TimeSpan.FromSeconds(3)), FakeEndpoint.TemplateSend);

        var result = await SendTemplate(host, clientMsgId: "20260712-0042:e1:w1");

        Assert.True(result.Ok);
        var tries = _api.Calls.Where(c => c.Endpoint == FakeEndpoint.TemplateSend).ToList();
        Assert.Equal(2, tries.Count);
        Assert.All(tries, c => Assert.Equal("20260712-0042:e1:w1", ClientMsgIdOf(c)));
        Assert.True(tries[1].Deduplicated);
        var delivered = Assert.Single(_api.Deliveries);
        Assert.Equal(delivered.MsgId, result.MsgId);
    }

    [Fact]
    public async Task A_customer_service_send_is_not_retried_after_a_timeout()
    {
        await using var host = Create(_api);
        _api.FailNext(FakeFault.SlowAnswer(TimeSpan.FromSeconds(3)), FakeEndpoint.CustomSend);

        var failure = await Assert.ThrowsAsync<TimeoutRejectedException>(() => host.Client().SendCustomTextAsync(Account, "o_resident_1", "您好", Ct));

        Assert.False(WeChatErrors.CertainlyNotSent(failure));
        Assert.Single(_api.Calls, c => c.Endpoint == FakeEndpoint.CustomSend);
        Assert.Single(_api.Deliveries);
    }

    [Fact]
    public async Task A_customer_service_send_that_could_not_connect_is_retried()
    {
        var closedPort = ClosedPort();
        await using var host = Create(_api).With("WeChat:ApiBaseUrl", $"http://127.0.0.1:{closedPort}");
        // A token in the store, so that only the send itself meets the closed port.
        await host.Services.GetRequiredService<IAccessTokenStore>().SetAsync(
            AppId, new CachedToken("cached-token", DateTimeOffset.UtcNow.AddHours(1)), TimeSpan.FromHours(1), Ct);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => host.Client().SendCustomTextAsync(Account, "o_resident_1", "您好", Ct));

        Assert.Equal(HttpRequestError.ConnectionError, failure.HttpRequestError);
        Assert.True(WeChatErrors.CertainlyNotSent(failure));
        Assert.Equal(2, host.Logs.Count(l => l.EventId.Id == 5006));
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_and_calls_then_fail_at_once()
    {
        await using var host = Create(_api).With("WeChat:Api:BreakAfter", "3").With("WeChat:Api:Retries", "1");
        await SendTemplate(host); // the token, before WeChat starts failing
        _api.FailNext(FakeFault.Http500, FakeEndpoint.TemplateSend, times: 100);

        var first = await Assert.ThrowsAsync<HttpRequestException>(() => SendTemplate(host));
        await Assert.ThrowsAnyAsync<BrokenCircuitException>(() => SendTemplate(host));
        var reached = _api.Calls.Count(c => c.Endpoint == FakeEndpoint.TemplateSend);
        await Assert.ThrowsAnyAsync<BrokenCircuitException>(() => SendTemplate(host));

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(1 + 3, reached);
        Assert.Equal(reached, _api.Calls.Count(c => c.Endpoint == FakeEndpoint.TemplateSend));
        Assert.Contains(host.Logs, l => l.EventId.Id == 5007);
    }

    [Fact]
    public async Task Neither_the_token_nor_the_secret_reaches_a_log()
    {
        await using var host = Create(_api);
        await SendTemplate(host);
        _api.RevokeTokens();
        _api.FailNext(FakeFault.Http500, FakeEndpoint.TemplateSend);
        await SendTemplate(host);
        await host.Client().SendCustomTextAsync(Account, "o_resident_1", "您好", Ct);

        var secrets = _api.IssuedTokens.Append(Secret).ToList();
        Assert.Equal(3, secrets.Count);
        Assert.NotEmpty(host.Logs);
        Assert.DoesNotContain(host.Logs, l => secrets.Exists(s => l.Message.Contains(s, StringComparison.Ordinal) || (l.Exception?.ToString().Contains(s, StringComparison.Ordinal) ?? false)));
    }

    [Fact]
    public void Failures_that_certainly_did_not_deliver_are_told_apart_from_the_others()
    {
        Assert.True(WeChatErrors.CertainlyNotSent(new HttpRequestException(HttpRequestError.ConnectionError)));
        Assert.True(WeChatErrors.CertainlyNotSent(new HttpRequestException(HttpRequestError.NameResolutionError)));
        Assert.True(WeChatErrors.CertainlyNotSent(new HttpRequestException("502", null, HttpStatusCode.BadGateway)));
        Assert.True(WeChatErrors.CertainlyNotSent(new HttpRequestException("404", null, HttpStatusCode.NotFound)));
        Assert.True(WeChatErrors.CertainlyNotSent(new BrokenCircuitException()));
        Assert.True(WeChatErrors.CertainlyNotSent(new WeChatTokenException("no token")));

        Assert.False(WeChatErrors.CertainlyNotSent(new TimeoutRejectedException()));
        Assert.False(WeChatErrors.CertainlyNotSent(new TaskCanceledException()));
        Assert.False(WeChatErrors.CertainlyNotSent(new HttpRequestException(HttpRequestError.ResponseEnded)));
        Assert.False(WeChatErrors.CertainlyNotSent(new HttpRequestException(HttpRequestError.InvalidResponse)));
    }

    [Theory]
    [InlineData("""{"errcode":-1,"errmsg":"system error"}""", -1)]
    [InlineData("""{"errmsg":"ok","data":{"errcode":5},"errcode":45015}""", 45015)]
    [InlineData("""{"access_token":"x","expires_in":7200}""", null)]
    [InlineData("not json", null)]
    public void The_errcode_is_read_from_the_top_of_the_answer(string json, int? errcode) =>
        Assert.Equal(errcode, WeChatErrcodeHandler.ReadErrcode(System.Text.Encoding.UTF8.GetBytes(json)));

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
