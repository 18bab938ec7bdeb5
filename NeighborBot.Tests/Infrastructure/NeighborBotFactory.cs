using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NeighborBot.Api.Admin;
using NeighborBot.Simulator;

namespace NeighborBot.Tests.Infrastructure;

/// <summary>
/// The real host with a test account, on the real Redis store (own key prefix) or the in-process
/// store, and every log line captured. Tests talk to it over HTTP like WeChat does.
/// </summary>
public class NeighborBotFactory : WebApplicationFactory<Program>
{
    public const string Account = "test";
    public const string Token = "testtoken123";
    public const string AppId = "wx1234567890test";
    public const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    public const string AdminKey = "test-admin-key-0123456789";
    public const string SafeOnlyAccount = "safeonly";

    private readonly Dictionary<string, string?> _settings;
    private readonly List<Action<IServiceCollection>> _services = [];

    public NeighborBotFactory(bool useRedis = true, string environment = "Testing")
    {
        KeyPrefix = TestRedis.NewPrefix();
        Environment = environment;
        _settings = new()
        {
            ["ConnectionStrings:Redis"] = useRedis ? TestRedis.ConnectionString : string.Empty,
            ["Redis:KeyPrefix"] = KeyPrefix,
            ["Admin:ApiKey"] = AdminKey,
            ["Jobs:WorkerCount"] = "2",
            [$"WeChat:Accounts:{Account}:AppId"] = AppId,
            [$"WeChat:Accounts:{Account}:AppSecret"] = "test-secret",
            [$"WeChat:Accounts:{Account}:Token"] = Token,
            [$"WeChat:Accounts:{Account}:EncodingAESKey"] = AesKey,
            [$"WeChat:Accounts:{SafeOnlyAccount}:AppId"] = AppId,
            [$"WeChat:Accounts:{SafeOnlyAccount}:AppSecret"] = "test-secret",
            [$"WeChat:Accounts:{SafeOnlyAccount}:Token"] = Token,
            [$"WeChat:Accounts:{SafeOnlyAccount}:EncodingAESKey"] = AesKey,
            [$"WeChat:Accounts:{SafeOnlyAccount}:RequireEncryption"] = "true",
        };
    }

    public string KeyPrefix { get; }
    public string Environment { get; }
    public ConcurrentQueue<CapturedLog> Logs { get; } = new();

    public SimulatedWeChat WeChat { get; } = new(Account, Token, AppId, AesKey);

    /// <summary>Changes a setting before the host starts (null removes it).</summary>
    public NeighborBotFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Replaces services before the host starts.</summary>
    public NeighborBotFactory WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(new CapturingLoggerProvider(Logs)));
        builder.ConfigureTestServices(services =>
        {
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }
}

public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);

internal sealed class CapturingLoggerProvider(ConcurrentQueue<CapturedLog> sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, sink);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<CapturedLog> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
