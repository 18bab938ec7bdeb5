using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using NeighborBot.Api.Admin;
using NeighborBot.Simulator;
using NeighborBot.Tests.Functional;
using StackExchange.Redis;

namespace NeighborBot.Tests.Faults;

/// <summary>
/// The pieces of a fault test, as an operator would run them: the real service as its own process
/// (Production settings, Redis store, Hangfire server), a redis-server of its own that can be
/// killed and started again on the same data, WeChat's outbound API played on loopback, and
/// WeChat's callback played with its retries (5 s per try, three tries in all).
/// </summary>
public sealed class FaultRig : IAsyncDisposable
{
    public const string Account = "fault";
    public const string Token = "faulttoken2026";
    public const string AppId = "wxfa17fa17fa17fa17";
    public const string AdminKey = "fault-admin-key-0123456789";

    private readonly string _redisDir = System.IO.Directory.CreateTempSubdirectory("neighborbot-fault-redis").FullName;
    private Process? _redis;
    private Process? _service;
    private readonly StringBuilder _serviceLog = new();

    private FaultRig(FakeWeChatApi api, int redisPort, int servicePort)
    {
        Api = api;
        RedisPort = redisPort;
        ServicePort = servicePort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{servicePort}"), Timeout = TimeSpan.FromSeconds(5) };
        Admin = new HttpClient { BaseAddress = Http.BaseAddress };
        Admin.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
    }

    public FakeWeChatApi Api { get; }
    public int RedisPort { get; }
    public int ServicePort { get; }
    public HttpClient Http { get; }
    public HttpClient Admin { get; }
    public SimulatedWeChat WeChat { get; } = new(Account, Token, AppId, null);
    public string KeyPrefix { get; } = "f" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>What the service wrote, for a failure message.</summary>
    public string ServiceLog
    {
        get
        {
            lock (_serviceLog)
            {
                return _serviceLog.ToString();
            }
        }
    }

    public static async Task<FaultRig> StartAsync()
    {
        var rig = new FaultRig(await FakeWeChatApi.StartAsync(), FreePort(), FreePort());
        await rig.StartRedisAsync();
        await rig.StartServiceAsync();
        var directory = await rig.Admin.PutAsJsonAsync("/api/admin/directory", TicketLoopTests.Directory());
        directory.EnsureSuccessStatusCode();
        return rig;
    }

    /// <summary>redis-server with every write synced to its append-only file before it answers, so what it acknowledged survives a kill.</summary>
    public async Task StartRedisAsync()
    {
        _redis = Process.Start(new ProcessStartInfo("redis-server",
            $"--bind 127.0.0.1 --port {RedisPort} --dir {_redisDir} --appendonly yes --appendfsync always --save \"\" --daemonize no")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _redis.OutputDataReceived += (_, _) => { };
        _redis.BeginOutputReadLine();
        _redis.BeginErrorReadLine();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{RedisPort},connectTimeout=200");
                await probe.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("redis-server did not start");
    }

    public void KillRedis() => Kill(_redis);

    public async Task StartServiceAsync()
    {
        var start = new ProcessStartInfo("dotnet", $"\"{ServiceDll()}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(ServiceDll())!,
        };
        foreach (var (key, value) in Settings())
        {
            start.Environment[key] = value;
        }

        _service = Process.Start(start)!;
        _service.OutputDataReceived += (_, e) => Remember(e.Data);
        _service.ErrorDataReceived += (_, e) => Remember(e.Data);
        _service.BeginOutputReadLine();
        _service.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var ready = await Http.GetAsync("/readyz");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or its first answer (JIT, a busy machine) took longer than a try.
            }

            if (_service.HasExited)
            {
                throw new InvalidOperationException($"The service exited with {_service.ExitCode}:\n{ServiceLog}");
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The service did not become ready:\n" + ServiceLog);
    }

    /// <summary>kill -9: no shutdown, nothing flushed.</summary>
    public void KillService() => Kill(_service);

    public IDatabase Redis()
    {
        var connection = ConnectionMultiplexer.Connect($"127.0.0.1:{RedisPort}");
        return connection.GetDatabase();
    }

    /// <summary>
    /// One message as WeChat delivers it: up to three tries, each abandoned after 5 s; a refused
    /// connection is tried again after the 5 s WeChat would have waited. Returns each try's outcome.
    /// </summary>
    public async Task<IReadOnlyList<Try>> DeliverAsync(string xml, CancellationToken cancellationToken = default)
    {
        var request = WeChat.Sign(xml, DeliveryMode.Plaintext, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var tries = new List<Try>(3);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var started = Stopwatch.StartNew();
            try
            {
                using var response = await Http.PostAsync(request.PathAndQuery, new StringContent(request.Body, Encoding.UTF8, "text/xml"), cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                tries.Add(new Try(response.StatusCode, body));
                if (response.IsSuccessStatusCode)
                {
                    return tries;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                tries.Add(new Try(null, ex.GetType().Name));
            }

            var rest = TimeSpan.FromSeconds(5) - started.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, cancellationToken);
            }
        }

        return tries;
    }

    public async Task<JsonElement> TicketsAsync()
    {
        using var response = await Admin.GetAsync("/api/admin/tickets?limit=5000");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async ValueTask DisposeAsync()
    {
        Kill(_service);
        Kill(_redis);
        Http.Dispose();
        Admin.Dispose();
        await Api.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(_redisDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ServicePort}",
        ["ConnectionStrings__Redis"] = $"127.0.0.1:{RedisPort}",
        ["Redis__KeyPrefix"] = KeyPrefix,
        ["Admin__ApiKey"] = AdminKey,
        ["WeChat__ApiBaseUrl"] = Api.BaseUrl,
        ["WeChat__MaxClockSkew"] = "00:05:00",
        [$"WeChat__Accounts__{Account}__AppId"] = AppId,
        [$"WeChat__Accounts__{Account}__AppSecret"] = "fault-secret",
        [$"WeChat__Accounts__{Account}__Token"] = Token,
        [$"WeChat__Accounts__{Account}__Templates__assignment__Id"] = "tpl_assignment",
        [$"WeChat__Accounts__{Account}__Templates__assignment__Fields__character_string1"] = "{number}",
        [$"WeChat__Accounts__{Account}__Templates__assignment__Fields__thing2"] = "{category}",
        ["Jobs__WorkerCount"] = "8",
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_serviceLog)
        {
            if (_serviceLog.Length < 200_000)
            {
                _serviceLog.AppendLine(line);
            }
        }
    }

    private static void Kill(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>The service as built beside the tests (the test project references it).</summary>
    private static string ServiceDll()
    {
        var tests = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tests.Parent!.Name;   // bin/{Configuration}/net10.0
        for (var dir = tests; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "NeighborBot.Api", "bin", configuration, tests.Name, "NeighborBot.Api.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("NeighborBot.Api.dll was not found beside the test build.");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>One try of a delivery: the HTTP status (null when the connection failed) and the body or the error.</summary>
    public sealed record Try(HttpStatusCode? Status, string Body);
}
