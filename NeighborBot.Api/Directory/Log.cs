namespace NeighborBot.Api.Directory;

/// <summary>The directory's log lines: counts and revisions only, never a name, phone or address.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "Directory replaced: revision {Revision}, {Grids} grids, {Households} households, {People} people")]
    public static partial void Replaced(ILogger logger, long revision, int grids, int households, int people);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Directory change ({What}) refused: {Problems} problems")]
    public static partial void Refused(ILogger logger, string what, int problems);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Loaded the demo directory: {Households} households, {People} people")]
    public static partial void DemoLoaded(ILogger logger, int households, int people);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "The demo directory was not loaded: {Reason}")]
    public static partial void DemoNotLoaded(ILogger logger, string reason);
}
