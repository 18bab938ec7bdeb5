using System.Diagnostics;
using System.Globalization;
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
/// (Production settings, Redis store, Hangfire server unless told to leave the jobs to workers), job
/// workers as processes of their own (the built NeighborBot.Jobs) on the same Redis and key prefix, a
/// redis-server of its own that can be killed and started again on the same data, WeChat's outbound
/// API played on loopback, and WeChat's callback played with its retries (5 s per try, three tries in all).
/// </summary>
public sealed class FaultRig : IAsyncDisposable
{
    public const string Account = "fault";
    public const string Token = "faulttoken2026";
    public const string AppId = "wxfa17fa17fa17fa17";
    public const string AdminKey = "fault-admin-key-0123456789";

    /// <summary>The start of the line a worker logs once it runs jobs.</summary>
    public const string WorkerStarted = "NeighborBot job worker started";

    private readonly string _redisDir = System.IO.Directory.CreateTempSubdirectory("neighborbot-fault-redis").FullName;
    private readonly List<RigProcess> _workers = [];
    private readonly bool _serviceRunsJobs;
    private Process? _redis;
    private RigProcess? _service;
    private long _messageId = 7_000_000_000_000_000_000;
    private IReadOnlyDictionary<string, string> _extra = new Dictionary<string, string>();

    private FaultRig(FakeWeChatApi api, int redisPort, int servicePort, bool serviceRunsJobs)
    {
        Api = api;
        RedisPort = redisPort;
        ServicePort = servicePort;
        _serviceRunsJobs = serviceRunsJobs;
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

    /// <summary>What the service wrote, then what each worker wrote, for a failure message.</summary>
    public string ServiceLog => string.Concat(
        [_service?.Log ?? string.Empty, .. _workers.Select((w, i) => $"--- worker {i + 1}\n{w.Log}")]);

    /// <summary>Redis, the service with the directory of the ticket-loop tests, and WeChat's API.</summary>
    /// <param name="serviceRunsJobs">false: the service only creates jobs (<c>Jobs:RunServer=false</c>); workers run them.</param>
    /// <param name="settings">Settings of the service and the workers beside the rig's own (<c>Section__Key</c>).</param>
    public static async Task<FaultRig> StartAsync(bool serviceRunsJobs = true, IReadOnlyDictionary<string, string>? settings = null)
    {
        var rig = new FaultRig(await FakeWeChatApi.StartAsync(), FreePort(), FreePort(), serviceRunsJobs) { _extra = settings ?? new Dictionary<string, string>() };
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
            catch (RedisServerException e) when (e.Message.StartsWith("LOADING", StringComparison.Ordinal))
            {
                // Started again, it answers before it has read its append-only file back: ready once it has.
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("redis-server did not start");
    }

    public void KillRedis() => Kill(_redis);

    public async Task StartServiceAsync()
    {
        var settings = Settings();
        settings["Jobs__RunServer"] = _serviceRunsJobs ? "true" : "false";
        var service = RigProcess.Start(BuiltDll("NeighborBot.Api"), settings);
        _service = service;
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

            if (service.HasExited)
            {
                throw new InvalidOperationException($"The service exited with {service.ExitCode}:\n{ServiceLog}");
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The service did not become ready:\n" + ServiceLog);
    }

    /// <summary>kill -9: no shutdown, nothing flushed.</summary>
    public void KillService() => _service?.Kill();

    /// <summary>
    /// A job worker as an operator starts it, <c>dotnet NeighborBot.Jobs.dll</c> from its build folder with the
    /// service's settings (same Redis, same key prefix); returns once it has logged its start.
    /// </summary>
    public async Task<RigProcess> StartWorkerAsync()
    {
        var settings = Settings();
        settings["Logging__LogLevel__NeighborBot.Jobs.WorkerReport"] = "Information";
        var worker = RigProcess.Start(BuiltDll("NeighborBot.Jobs"), settings);
        _workers.Add(worker);

        if (!await worker.WaitForLineAsync(WorkerStarted, TimeSpan.FromSeconds(60)))
        {
            throw new InvalidOperationException("The worker did not start:\n" + worker.Log);
        }

        return worker;
    }

    /// <summary>A text from <paramref name="openId"/>, delivered as WeChat does; the text of the answer (null when none came).</summary>
    public async Task<string?> SayAsync(string openId, string text)
    {
        var xml = CallbackMessages.Text(openId, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Interlocked.Increment(ref _messageId), text);
        var tries = await DeliverAsync(xml);
        return tries[^1] is { Status: HttpStatusCode.OK, Body: var body } ? SimulatedWeChat.ReplyText(body) ?? body : null;
    }

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
        foreach (var worker in _workers)
        {
            worker.Kill();
        }

        _service?.Kill();
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

    private Dictionary<string, string> Settings() => new(_extra.Concat(RigSettings()));

    private Dictionary<string, string> RigSettings() => new()
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

    private static void Kill(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>A program (NeighborBot.Api, NeighborBot.Jobs) in its own build folder, built with the tests (the test project references it).</summary>
    public static string BuiltDll(string project)
    {
        var tests = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tests.Parent!.Name;   // bin/{Configuration}/net10.0
        for (var dir = tests; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, project, "bin", configuration, tests.Name, project + ".dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{project}.dll was not found beside the test build.");
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

/// <summary>
/// One program of the rig running as its own process (<c>dotnet X.dll</c>, working directory its build folder
/// unless told otherwise), with what it writes kept for assertions and failure messages.
/// </summary>
public sealed class RigProcess
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private RigProcess(Process process) => _process = process;

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>What it wrote to stdout and stderr (the first 200,000 characters).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static RigProcess Start(string dll, IReadOnlyDictionary<string, string> environment, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new RigProcess(Process.Start(start)!);
        process._process.OutputDataReceived += (_, e) => process.Remember(e.Data);
        process._process.ErrorDataReceived += (_, e) => process.Remember(e.Data);
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Whether a line containing <paramref name="text"/> was written within <paramref name="timeout"/> (false at once when the process ended without it).</summary>
    public async Task<bool> WaitForLineAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Log.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            if (HasExited)
            {
                await _process.WaitForExitAsync();   // the rest of its output
                return Log.Contains(text, StringComparison.Ordinal);
            }

            await Task.Delay(50);
        }

        return false;
    }

    /// <summary>Waits for the process to end; false when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM, as systemd, Docker or <c>kill</c> stop a service.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>kill -9: no shutdown, nothing flushed.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.Length < 200_000)
            {
                _log.AppendLine(line);
            }
        }
    }
}
