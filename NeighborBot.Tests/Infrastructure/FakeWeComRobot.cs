using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NeighborBot.Tests.Infrastructure;

/// <summary>A failure the fake robot plays on demand (see <see cref="FakeWeComRobot.FailNext"/>).</summary>
public sealed record RobotFault(int? Errcode = null, string? Errmsg = null, int? Status = null, TimeSpan? Delay = null, bool NotJson = false)
{
    /// <summary>WeCom's answer for a webhook key it does not know.</summary>
    public static RobotFault InvalidKey { get; } = new(93000, "invalid webhook url, hint: [1700000000_1_abc], more info at https://open.work.weixin.qq.com/devtool/query?e=93000");

    public static RobotFault Http500 { get; } = new(Status: 500);

    /// <summary>The post is taken (the message reaches the group), but the answer comes only after <paramref name="delay"/>.</summary>
    public static RobotFault SlowAnswer(TimeSpan delay) => new(Delay: delay);
}

/// <summary>One post the fake robot received, what it answered, and whether the message reached the group.</summary>
public sealed record RobotCall(DateTimeOffset At, string Key, JsonObject Body, int Status, int? Errcode, bool Delivered)
{
    public string Msgtype => (string)Body["msgtype"]!;

    /// <summary>The text or markdown content.</summary>
    public string Content => (string)Body[Msgtype]!["content"]!;

    public IReadOnlyList<string> Mentioned => Body["text"]?["mentioned_list"]?.AsArray().Select(n => (string)n!).ToList() ?? [];
}

/// <summary>
/// WeCom's group robot webhook (<c>/cgi-bin/webhook/send?key=</c>) on 127.0.0.1 at a free port, for tests: it
/// takes at most <see cref="PerMinute"/> messages per key in each minute of its clock (the test's clock when
/// given) and answers 45009 beyond, as WeCom does; records every post; and plays failures on demand.
/// </summary>
public sealed class FakeWeComRobot : IAsyncDisposable
{
    public const int PerMinute = 20;

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly List<RobotCall> _calls = [];
    private readonly Queue<RobotFault> _faults = new();
    private WebApplication? _app;

    private FakeWeComRobot(TimeProvider time) => _time = time;

    /// <summary>Use as <c>WeCom:RobotBaseUrl</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public IReadOnlyList<RobotCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public static async Task<FakeWeComRobot> StartAsync(TimeProvider? time = null)
    {
        var fake = new FakeWeComRobot(time ?? TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(FakeWeComRobot).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/cgi-bin/webhook/send", fake.SendAsync);
        await app.StartAsync();
        fake._app = app;
        fake.BaseUrl = app.Urls.First().TrimEnd('/');
        return fake;
    }

    /// <summary>Plays <paramref name="fault"/> on the next post (faults are used in the order they were planned).</summary>
    public void FailNext(RobotFault fault, int times = 1)
    {
        lock (_gate)
        {
            for (var i = 0; i < times; i++)
            {
                _faults.Enqueue(fault);
            }
        }
    }

    /// <summary>The posts received for a robot (refused ones too), per minute of the fake's clock.</summary>
    public IReadOnlyDictionary<long, int> ReceivedPerMinute(string key) => Calls
        .Where(c => c.Key == key)
        .GroupBy(c => c.At.ToUnixTimeSeconds() / 60)
        .ToDictionary(g => g.Key, g => g.Count());

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task SendAsync(HttpContext http)
    {
        var key = http.Request.Query["key"].ToString();
        var body = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
        var now = _time.GetUtcNow();
        RobotFault? fault;
        int? errcode;
        bool delivered;
        lock (_gate)
        {
            _faults.TryDequeue(out fault);
            var minute = now.ToUnixTimeSeconds() / 60;
            var thisMinute = _calls.Count(c => c.Key == key && c.Delivered && c.At.ToUnixTimeSeconds() / 60 == minute);
            errcode = fault switch
            {
                { Status: not null } or { NotJson: true } => null,
                { Errcode: { } code } => code,
                _ when thisMinute >= PerMinute => 45009,
                _ => 0,
            };
            delivered = errcode == 0;
            _calls.Add(new RobotCall(now, key, body, fault?.Status ?? 200, errcode, delivered));
        }

        if (fault?.Delay is { } delay)
        {
            await Task.Delay(delay);
        }

        if (fault?.Status is { } status)
        {
            http.Response.StatusCode = status;
            return;
        }

        if (fault?.NotJson == true)
        {
            await http.Response.WriteAsync("<html>bad gateway</html>");
            return;
        }

        var errmsg = errcode switch
        {
            0 => "ok",
            45009 => "api freq out of limit",
            _ => fault?.Errmsg ?? "error",
        };
        await http.Response.WriteAsJsonAsync(new JsonObject { ["errcode"] = errcode, ["errmsg"] = errmsg });
    }
}
