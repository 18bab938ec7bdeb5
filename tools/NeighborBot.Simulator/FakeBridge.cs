using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NeighborBot.Bridges;

namespace NeighborBot.Simulator;

/// <summary>One post NeighborBot made to the bridge's SendUrl, as the bridge read it.</summary>
/// <param name="MessageId">The <c>X-NeighborBot-Message-Id</c> header: the same for every retry of one message.</param>
public sealed record BridgePost(DateTimeOffset At, string Group, string Text, IReadOnlyList<string> Mentions, string? MessageId);

/// <summary>
/// A group bridge's SendUrl on 127.0.0.1 (<c>POST /send</c>), for tests and the terminal simulator:
/// checks the signature and the timestamp as a bridge must (401 otherwise), records every post it
/// took, and fails the next posts on demand (<see cref="FailNext"/>). It says every post it takes,
/// repeats included, so that a test sees whether NeighborBot sent a message twice.
/// </summary>
public sealed class FakeBridge : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly string _secret;
    private readonly TimeProvider _time;
    private readonly List<BridgePost> _posts = [];
    private readonly Queue<int> _failures = new();
    private WebApplication? _app;
    private int _refused;

    private FakeBridge(string secret, TimeProvider time) => (_secret, _time) = (secret, time);

    /// <summary>The SendUrl to configure, e.g. <c>http://127.0.0.1:5082/send</c>.</summary>
    public string SendUrl { get; private set; } = string.Empty;

    /// <summary>Posts refused for a bad signature or a stale timestamp.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public IReadOnlyList<BridgePost> Posts
    {
        get
        {
            lock (_gate)
            {
                return [.. _posts];
            }
        }
    }

    /// <summary>Raised for every post taken (on the request's thread).</summary>
    public event Action<BridgePost>? Posted;

    public static async Task<FakeBridge> StartAsync(string secret, int port = 0, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var fake = new FakeBridge(secret, time ?? TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(FakeBridge).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapPost("/send", fake.ReceiveAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        fake._app = app;
        fake.SendUrl = app.Urls.First().TrimEnd('/') + "/send";
        return fake;
    }

    /// <summary>The next <paramref name="times"/> posts are answered with <paramref name="status"/> and not said.</summary>
    public void FailNext(int status, int times = 1)
    {
        lock (_gate)
        {
            for (var i = 0; i < times; i++)
            {
                _failures.Enqueue(status);
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> posts were taken; returns them all.</summary>
    public async Task<IReadOnlyList<BridgePost>> WaitForPostsAsync(int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (Posts is var posts && posts.Count < count)
        {
            try
            {
                await Task.Delay(25, cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{posts.Count} of {count} posts reached the bridge within {timeout}.");
            }
        }

        return Posts;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ReceiveAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        var body = buffer.ToArray();
        var headers = http.Request.Headers;
        if (!BridgeSignature.Verify(_secret, headers[BridgeSignature.TimestampHeader], headers[BridgeSignature.SignatureHeader], body, _time.GetUtcNow(), BridgeCallback.MaxClockSkew))
        {
            Interlocked.Increment(ref _refused);
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        lock (_gate)
        {
            if (_failures.TryDequeue(out var status))
            {
                http.Response.StatusCode = status;
                return;
            }
        }

        var send = JsonSerializer.Deserialize<BridgeSend>(body, JsonSerializerOptions.Web);
        if (send is null)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var post = new BridgePost(_time.GetUtcNow(), send.Group, send.Text, send.Mentions ?? [], headers[BridgeSender.MessageIdHeader].FirstOrDefault());
        lock (_gate)
        {
            _posts.Add(post);
        }

        Posted?.Invoke(post);
        await http.Response.WriteAsJsonAsync(new { sent = true }, http.RequestAborted).ConfigureAwait(false);
    }
}
