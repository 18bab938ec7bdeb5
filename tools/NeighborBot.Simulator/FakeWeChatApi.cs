using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NeighborBot.WeChat.Api;

namespace NeighborBot.Simulator;

/// <summary>The WeChat API calls the fake answers.</summary>
public enum FakeEndpoint
{
    StableToken,
    CustomSend,
    TemplateSend,
    MassSend,
}

/// <summary>A failure the fake plays on demand (see <see cref="FakeWeChatApi.FailNext"/>).</summary>
public sealed record FakeFault
{
    private FakeFault(string name, int? status = null, int? errcode = null, TimeSpan? delay = null)
    {
        Name = name;
        Status = status;
        Errcode = errcode;
        Delay = delay;
    }

    public string Name { get; }

    internal int? Status { get; }

    internal int? Errcode { get; }

    internal TimeSpan? Delay { get; }

    /// <summary>HTTP 500, nothing handled.</summary>
    public static FakeFault Http500 { get; } = new("HTTP 500", status: 500);

    /// <summary>errcode -1 (system busy), nothing handled.</summary>
    public static FakeFault SystemBusy { get; } = new("errcode -1", errcode: -1);

    /// <summary>errcode 40001 (token invalid) once, without revoking the token (see <see cref="FakeWeChatApi.RevokeTokens"/>).</summary>
    public static FakeFault InvalidToken { get; } = new("errcode 40001", errcode: 40001);

    /// <summary>errcode 45015: outside the 48 h customer-service window.</summary>
    public static FakeFault OutsideWindow { get; } = new("errcode 45015", errcode: 45015);

    /// <summary>Any errcode, nothing handled.</summary>
    public static FakeFault Error(int errcode) => new($"errcode {errcode}", errcode: errcode);

    /// <summary>The call is handled (a message is delivered), but the answer comes only after <paramref name="delay"/>.</summary>
    public static FakeFault SlowAnswer(TimeSpan delay) => new($"answer after {delay.TotalSeconds:0.#} s", delay: delay);
}

/// <summary>One call the fake received, with its JSON body and what it answered.</summary>
public sealed record FakeApiCall(
    DateTimeOffset At,
    FakeEndpoint Endpoint,
    string? AccessToken,
    string? OpenId,
    string? ClientMsgId,
    string Json,
    int Status,
    int ErrCode,
    string? Fault,
    bool Deduplicated);

/// <summary>A message the fake "delivered" to a phone.</summary>
/// <param name="Channel"><c>custom</c> (customer-service text or news card), <c>template</c>, or <c>mass</c> (to every follower: <c>OpenId</c> is <c>*</c>).</param>
public sealed record FakeDelivery(
    DateTimeOffset At,
    string AppId,
    string OpenId,
    string Channel,
    string? Text,
    string? TemplateId,
    IReadOnlyDictionary<string, string> Data,
    string? Url,
    string? ClientMsgId,
    long MsgId);

/// <summary>
/// WeChat's outbound API on 127.0.0.1 (a free port unless one is given), for tests and the terminal
/// simulator: <c>/cgi-bin/stable_token</c> (counts calls, issues tokens with <c>expires_in</c>, honours
/// <c>force_refresh</c>), <c>/cgi-bin/message/custom/send</c> and <c>/cgi-bin/message/template/send</c>
/// (check the access token, dedupe <c>client_msg_id</c> per openid for 10 minutes as WeChat does, and
/// record every call with its JSON). Failures are played on demand with <see cref="FailNext"/>,
/// <see cref="CloseCustomServiceWindow"/> and <see cref="RevokeTokens"/>.
/// </summary>
public sealed class FakeWeChatApi : IAsyncDisposable
{
    public static readonly TimeSpan ClientMsgIdWindow = TimeSpan.FromMinutes(10);

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly List<FakeApiCall> _calls = [];
    private readonly List<FakeDelivery> _deliveries = [];
    private readonly List<PlannedFault> _faults = [];
    private readonly Dictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _currentToken = new(StringComparer.Ordinal);
    private readonly Dictionary<(string AppId, string OpenId, string Id), (long MsgId, DateTimeOffset At)> _sentIds = [];
    private readonly HashSet<string> _closedWindows = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _stableTokenCalls;
    private long _msgId = 3_000_000_000;

    private FakeWeChatApi(TimeProvider time) => _time = time;

    /// <summary>Where the fake listens, e.g. <c>http://127.0.0.1:5081</c> (use it as <c>WeChat:ApiBaseUrl</c>).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The <c>expires_in</c> of new tokens (WeChat: 7200 s).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    /// <summary>How long <c>stable_token</c> takes to answer (to widen races in tests).</summary>
    public TimeSpan StableTokenDelay { get; set; }

    public int StableTokenCalls => Volatile.Read(ref _stableTokenCalls);

    public IReadOnlyList<FakeApiCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<FakeDelivery> Deliveries
    {
        get
        {
            lock (_gate)
            {
                return [.. _deliveries];
            }
        }
    }

    /// <summary>Every token issued, oldest first (to check that none of them reaches a log).</summary>
    public IReadOnlyList<string> IssuedTokens
    {
        get
        {
            lock (_gate)
            {
                return [.. _tokens.Values.OrderBy(t => t.Serial).Select(t => t.Token)];
            }
        }
    }

    /// <summary>Raised for every message delivered (on the request's thread).</summary>
    public event Action<FakeDelivery>? Delivered;

    /// <summary>Raised for every call, after it is answered.</summary>
    public event Action<FakeApiCall>? Called;

    public static async Task<FakeWeChatApi> StartAsync(int port = 0, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var fake = new FakeWeChatApi(time ?? TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(FakeWeChatApi).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapPost("/cgi-bin/stable_token", fake.StableTokenAsync);
        app.MapPost("/cgi-bin/message/custom/send", (HttpContext http) => fake.SendAsync(http, FakeEndpoint.CustomSend));
        app.MapPost("/cgi-bin/message/template/send", (HttpContext http) => fake.SendAsync(http, FakeEndpoint.TemplateSend));
        app.MapPost("/cgi-bin/message/mass/sendall", (HttpContext http) => fake.SendAsync(http, FakeEndpoint.MassSend));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        fake._app = app;
        fake.BaseUrl = app.Urls.First().TrimEnd('/');
        return fake;
    }

    /// <summary>
    /// Plays <paramref name="fault"/> on the next <paramref name="times"/> calls that match
    /// (<paramref name="endpoint"/>: any send when null; <paramref name="openId"/>: anyone when null).
    /// Planned faults are used in the order they were planned.
    /// </summary>
    public void FailNext(FakeFault fault, FakeEndpoint? endpoint = null, string? openId = null, int times = 1)
    {
        lock (_gate)
        {
            _faults.Add(new PlannedFault(fault, endpoint, openId, times));
        }
    }

    /// <summary>Customer-service sends to <paramref name="openId"/> get 45015 (the person last wrote over 48 h ago) until reopened.</summary>
    public void CloseCustomServiceWindow(string openId)
    {
        lock (_gate)
        {
            _closedWindows.Add(openId);
        }
    }

    public void OpenCustomServiceWindow(string openId)
    {
        lock (_gate)
        {
            _closedWindows.Remove(openId);
        }
    }

    /// <summary>Every token issued so far becomes invalid (40001), as when someone force-refreshes; <c>stable_token</c> then issues a new one.</summary>
    public void RevokeTokens()
    {
        lock (_gate)
        {
            foreach (var token in _tokens.Values)
            {
                token.Revoked = true;
            }
        }
    }

    /// <summary>Forgets the planned faults and closed windows (calls and deliveries stay recorded).</summary>
    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
            _closedWindows.Clear();
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> messages were delivered; returns them all.</summary>
    public async Task<IReadOnlyList<FakeDelivery>> WaitForDeliveriesAsync(int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (Deliveries is var delivered && delivered.Count < count)
        {
            try
            {
                await Task.Delay(25, cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{delivered.Count} of {count} messages delivered within {timeout}.");
            }
        }

        return Deliveries;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task StableTokenAsync(HttpContext http)
    {
        Interlocked.Increment(ref _stableTokenCalls);
        var json = await ReadBodyAsync(http).ConfigureAwait(false);
        var body = Parse(json);
        var appId = (string?)body?["appid"];
        var secret = (string?)body?["secret"];
        var force = body?["force_refresh"] is JsonValue f && f.TryGetValue<bool>(out var b) && b;

        if (StableTokenDelay > TimeSpan.Zero)
        {
            await Task.Delay(StableTokenDelay, http.RequestAborted).ConfigureAwait(false);
        }

        var fault = TakeFault(FakeEndpoint.StableToken, null);
        int errcode;
        JsonObject reply;
        if (fault?.Status is { } status)
        {
            Record(new FakeApiCall(_time.GetUtcNow(), FakeEndpoint.StableToken, null, null, null, json, status, 0, fault.Name, false));
            http.Response.StatusCode = status;
            return;
        }

        if (fault?.Errcode is { } planned)
        {
            (errcode, reply) = (planned, Error(planned));
        }
        else if ((string?)body?["grant_type"] != "client_credential")
        {
            (errcode, reply) = (40002, Error(40002, "invalid grant_type"));
        }
        else if (string.IsNullOrEmpty(appId))
        {
            (errcode, reply) = (41002, Error(41002, "appid missing"));
        }
        else if (string.IsNullOrEmpty(secret))
        {
            (errcode, reply) = (41004, Error(41004, "appsecret missing"));
        }
        else
        {
            var token = Issue(appId, force);
            var remaining = Math.Max(1, (long)(token.ExpiresAt - _time.GetUtcNow()).TotalSeconds);
            (errcode, reply) = (0, new JsonObject { ["access_token"] = token.Token, ["expires_in"] = remaining });
        }

        await AnswerAsync(http, reply, fault?.Delay).ConfigureAwait(false);
        Record(new FakeApiCall(_time.GetUtcNow(), FakeEndpoint.StableToken, null, null, null, json, 200, errcode, fault?.Name, false));
    }

    private async Task SendAsync(HttpContext http, FakeEndpoint endpoint)
    {
        var json = await ReadBodyAsync(http).ConfigureAwait(false);
        var body = Parse(json);
        var accessToken = http.Request.Query["access_token"].ToString();
        var openId = endpoint == FakeEndpoint.MassSend ? "*" : (string?)body?["touser"];
        var clientMsgId = (string?)body?[endpoint == FakeEndpoint.MassSend ? "clientmsgid" : "client_msg_id"];
        var fault = TakeFault(endpoint, openId);
        var now = _time.GetUtcNow();

        if (fault?.Status is { } status)
        {
            Record(new FakeApiCall(now, endpoint, accessToken, openId, clientMsgId, json, status, 0, fault.Name, false));
            http.Response.StatusCode = status;
            return;
        }

        var (errcode, reply, delivery, deduplicated) = fault?.Errcode is { } planned
            ? (planned, Error(planned), null, false)
            : Handle(endpoint, accessToken, body, openId, clientMsgId, now);

        if (delivery is not null)
        {
            Delivered?.Invoke(delivery);
        }

        var call = new FakeApiCall(now, endpoint, accessToken, openId, clientMsgId, json, 200, errcode, fault?.Name, deduplicated);
        Record(call);
        await AnswerAsync(http, reply, fault?.Delay).ConfigureAwait(false);
    }

    private (int Errcode, JsonObject Reply, FakeDelivery? Delivery, bool Deduplicated) Handle(
        FakeEndpoint endpoint, string accessToken, JsonNode? body, string? openId, string? clientMsgId, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (string.IsNullOrEmpty(accessToken))
            {
                return (41001, Error(41001, "access_token missing"), null, false);
            }

            if (!_tokens.TryGetValue(accessToken, out var token) || token.Revoked || token.ExpiresAt <= now)
            {
                return (40001, Error(40001, "invalid credential, access_token is invalid or not latest"), null, false);
            }

            if (body is null)
            {
                return (47001, Error(47001, "data format error"), null, false);
            }

            if (string.IsNullOrEmpty(openId))
            {
                return (40003, Error(40003, "invalid openid"), null, false);
            }

            if (endpoint == FakeEndpoint.MassSend)
            {
                var content = (string?)body["text"]?["content"];
                if ((string?)body["msgtype"] != "text" || string.IsNullOrEmpty(content) || body["filter"]?["is_to_all"] is not JsonValue)
                {
                    return (47001, Error(47001, "data format error"), null, false);
                }

                if (clientMsgId is not null && _sentIds.ContainsKey((token.AppId, openId, clientMsgId)))
                {
                    // WeChat sends a clientmsgid once: a repeat is refused with 45065.
                    return (45065, Error(45065, "clientmsgid exist"), null, true);
                }

                var massId = ++_msgId;
                if (clientMsgId is not null)
                {
                    _sentIds[(token.AppId, openId, clientMsgId)] = (massId, now);
                }

                var mass = Deliver(new FakeDelivery(now, token.AppId, openId, "mass", content, null, new Dictionary<string, string>(), null, clientMsgId, massId));
                return (0, new JsonObject { ["errcode"] = 0, ["errmsg"] = "send job submission success", ["msg_id"] = massId, ["msg_data_id"] = massId }, mass, false);
            }

            if (endpoint == FakeEndpoint.CustomSend)
            {
                if (_closedWindows.Contains(openId))
                {
                    return (45015, Error(45015, "response out of time limit or subscription is canceled"), null, false);
                }

                var msgType = (string?)body["msgtype"];
                var article = body["news"]?["articles"]?[0];
                var text = msgType == "news" ? $"{(string?)article?["title"]}\n{(string?)article?["description"]}" : (string?)body["text"]?["content"];
                var link = msgType == "news" ? (string?)article?["url"] : null;
                if (msgType is not ("text" or "news") || string.IsNullOrEmpty(text) || (msgType == "news" && string.IsNullOrEmpty(link)))
                {
                    return (47001, Error(47001, "data format error"), null, false);
                }

                var sent = Deliver(new FakeDelivery(now, token.AppId, openId, "custom", text, null, new Dictionary<string, string>(), link, null, ++_msgId));
                return (0, Error(0, "ok"), sent, false);
            }

            var templateId = (string?)body["template_id"];
            if (string.IsNullOrEmpty(templateId))
            {
                return (40037, Error(40037, "invalid template_id"), null, false);
            }

            if (clientMsgId is not null && _sentIds.TryGetValue((token.AppId, openId, clientMsgId), out var earlier) && now - earlier.At < ClientMsgIdWindow)
            {
                // WeChat sends the same openid + client_msg_id once within 10 minutes.
                return (0, new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok", ["msgid"] = earlier.MsgId }, null, true);
            }

            var data = new Dictionary<string, string>(StringComparer.Ordinal);
            if (body["data"] is JsonObject fields)
            {
                foreach (var (keyword, value) in fields)
                {
                    data[keyword] = (string?)value?["value"] ?? string.Empty;
                }
            }

            var msgId = ++_msgId;
            if (clientMsgId is not null)
            {
                _sentIds[(token.AppId, openId, clientMsgId)] = (msgId, now);
            }

            var delivery = Deliver(new FakeDelivery(now, token.AppId, openId, "template", null, templateId, data, (string?)body["url"], clientMsgId, msgId));
            return (0, new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok", ["msgid"] = msgId }, delivery, false);
        }
    }

    private FakeDelivery Deliver(FakeDelivery delivery)
    {
        _deliveries.Add(delivery);
        return delivery;
    }

    private IssuedToken Issue(string appId, bool force)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (!force && _currentToken.TryGetValue(appId, out var current) && _tokens[current] is { Revoked: false } live && live.ExpiresAt > now)
            {
                return live;
            }

            if (force && _currentToken.TryGetValue(appId, out var old))
            {
                _tokens[old].Revoked = true;
            }

            var serial = _tokens.Count + 1;
            var token = new IssuedToken(
                $"FAKE_{serial}_{Guid.NewGuid():N}{Guid.NewGuid():N}", appId, now + TokenLifetime, serial);
            _tokens[token.Token] = token;
            _currentToken[appId] = token.Token;
            return token;
        }
    }

    private FakeFault? TakeFault(FakeEndpoint endpoint, string? openId)
    {
        lock (_gate)
        {
            var planned = _faults.FirstOrDefault(f =>
                (f.Endpoint == endpoint || (f.Endpoint is null && endpoint != FakeEndpoint.StableToken))
                && (f.OpenId is null || f.OpenId == openId));
            if (planned is null)
            {
                return null;
            }

            if (--planned.Times <= 0)
            {
                _faults.Remove(planned);
            }

            return planned.Fault;
        }
    }

    private void Record(FakeApiCall call)
    {
        lock (_gate)
        {
            _calls.Add(call);
        }

        Called?.Invoke(call);
    }

    private static async Task AnswerAsync(HttpContext http, JsonObject reply, TimeSpan? delay)
    {
        if (delay is { } wait)
        {
            try
            {
                await Task.Delay(wait, http.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // the caller gave up waiting; the call was handled all the same
            }
        }

        http.Response.ContentType = "application/json; encoding=utf-8";
        await http.Response.WriteAsync(reply.ToJsonString(), Encoding.UTF8, http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<string> ReadBodyAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
    }

    private static JsonNode? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject Error(int errcode, string? errmsg = null) =>
        new() { ["errcode"] = errcode, ["errmsg"] = errmsg ?? "fake error " + errcode.ToString(CultureInfo.InvariantCulture) };

    private sealed class PlannedFault(FakeFault fault, FakeEndpoint? endpoint, string? openId, int times)
    {
        public FakeFault Fault { get; } = fault;
        public FakeEndpoint? Endpoint { get; } = endpoint;
        public string? OpenId { get; } = openId;
        public int Times { get; set; } = times;
    }

    private sealed class IssuedToken(string token, string appId, DateTimeOffset expiresAt, int serial)
    {
        public string Token { get; } = token;
        public string AppId { get; } = appId;
        public DateTimeOffset ExpiresAt { get; } = expiresAt;
        public int Serial { get; } = serial;
        public bool Revoked { get; set; }
    }
}
