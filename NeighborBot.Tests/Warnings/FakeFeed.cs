using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NeighborBot.Tests.Warnings;

/// <summary>A weather-alert feed on 127.0.0.1: serves the CAP document the test sets, or fails with the status it is told to.</summary>
public sealed class FakeFeed : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private WebApplication? _app;
    private string _document = "<alerts/>";
    private int _failWith;
    private int _reads;

    public string Url { get; private set; } = string.Empty;

    public int Reads => Volatile.Read(ref _reads);

    public static async Task<FakeFeed> StartAsync()
    {
        var feed = new FakeFeed();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/alerts", () => feed.Answer());
        await app.StartAsync();
        feed._app = app;
        feed.Url = app.Urls.First().TrimEnd('/') + "/alerts";
        return feed;
    }

    /// <summary>Serves these fixtures (NeighborBot.Tests/Warnings/Cap), one document holding all their alerts.</summary>
    public void Serve(params string[] fixtures)
    {
        var alerts = fixtures.Select(Cap.Read).Select(xml => xml[(xml.IndexOf("<alert", StringComparison.Ordinal))..]);
        Set("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<alerts>\n" + string.Join('\n', alerts) + "\n</alerts>");
    }

    public void Set(string document)
    {
        lock (_gate)
        {
            (_document, _failWith) = (document, 0);
        }
    }

    /// <summary>Every read answers this status until <see cref="Set"/> or <see cref="Serve"/>.</summary>
    public void FailWith(int status)
    {
        lock (_gate)
        {
            _failWith = status;
        }
    }

    private IResult Answer()
    {
        Interlocked.Increment(ref _reads);
        lock (_gate)
        {
            return _failWith > 0 ? Results.StatusCode(_failWith) : Results.Text(_document, "application/cap+xml; charset=utf-8");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>The CAP fixtures: realistic documents of the kinds a feed serves.</summary>
public static class Cap
{
    public static string Read(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NeighborBot.sln")))
            {
                return File.ReadAllText(Path.Combine(dir.FullName, "NeighborBot.Tests", "Warnings", "Cap", name));
            }
        }

        throw new DirectoryNotFoundException($"No NeighborBot.sln above {AppContext.BaseDirectory}.");
    }
}
