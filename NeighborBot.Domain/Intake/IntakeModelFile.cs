using Microsoft.Extensions.Logging;

namespace NeighborBot.Intake;

/// <summary>
/// Where the intake model comes from: the file named by <c>Intake:ModelPath</c>, watched and read again when it is
/// replaced (a retrained model goes live without a restart), or, without a path, the model built into the service
/// (NeighborBot.Domain/Intake/Model/intake.model, the one the trainer commits). A replacement that cannot be read is
/// logged and the model in use is kept.
/// </summary>
internal sealed class IntakeModelFile : IDisposable
{
    /// <summary>A replacement is read once writes to it have been quiet this long.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    private const string BuiltInResource = "NeighborBot.Intake.intake.model";

    private readonly string? _path;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher? _watcher;
    private readonly ITimer? _timer;
    private IntakeModel _current;

    public IntakeModelFile(string? path, TimeProvider time, ILogger logger)
    {
        _path = string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(path);
        _logger = logger;
        _current = _path is null ? BuiltIn.Value : ReadFile(_path);
        Log.ModelLoaded(logger, _path ?? "built in", _current.Features.Count);
        if (_path is null)
        {
            return;
        }

        _timer = time.CreateTimer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => _timer.Change(Settle, Timeout.InfiniteTimeSpan);
        _watcher.Created += (_, _) => _timer.Change(Settle, Timeout.InfiniteTimeSpan);
        _watcher.Renamed += (_, _) => _timer.Change(Settle, Timeout.InfiniteTimeSpan);
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>The model built into the service.</summary>
    public static Lazy<IntakeModel> BuiltIn { get; } = new(() =>
    {
        using var stream = typeof(IntakeModelFile).Assembly.GetManifestResourceStream(BuiltInResource)
            ?? throw new InvalidOperationException($"The service was built without its intake model ({BuiltInResource}).");
        return IntakeModel.Read(stream);
    });

    public IntakeModel Current => Volatile.Read(ref _current);

    /// <summary>Raised after a replacement was read.</summary>
    public event Action<IntakeModel>? Changed;

    /// <summary>Reads a model file; used at start (a bad file stops the start) and on every replacement.</summary>
    public static IntakeModel ReadFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return IntakeModel.Read(stream);
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _timer?.Dispose();
    }

    private void Reload()
    {
        try
        {
            var model = ReadFile(_path!);
            Volatile.Write(ref _current, model);
            Log.ModelLoaded(_logger, _path!, model.Features.Count);
            Changed?.Invoke(model);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Log.ModelNotReplaced(_logger, _path!, e.Message);
        }
    }
}

internal static partial class Log
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Intake model loaded from {Source} ({Features} features)")]
    public static partial void ModelLoaded(ILogger logger, string source, int features);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Intake model {Path} changed but cannot be read ({Reason}); the model in use is kept")]
    public static partial void ModelNotReplaced(ILogger logger, string path, string reason);
}
