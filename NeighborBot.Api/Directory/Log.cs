namespace NeighborBot.Api.Directory;

/// <summary>
/// The directory's log lines: kinds of change, counts and revisions only, never an id, a name, a phone
/// or an address (a household id is one).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "Directory changed ({What}): revision {Revision}, {Grids} grids, {Households} households, {People} people")]
    public static partial void Replaced(ILogger logger, string what, long revision, int grids, int households, int people);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Directory change ({What}) refused: {Problems} problems")]
    public static partial void Refused(ILogger logger, string what, int problems);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Loaded the demo directory: {Households} households, {People} people")]
    public static partial void DemoLoaded(ILogger logger, int households, int people);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "The demo directory was not loaded: {Reason}")]
    public static partial void DemoNotLoaded(ILogger logger, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning,
        Message = "Directory change ({What}) waits for confirmation: it removes {Households} of {HouseholdsBefore} households and {People} of {PeopleBefore} people")]
    public static partial void Unconfirmed(ILogger logger, string what, int households, int householdsBefore, int people, int peopleBefore);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Directory change ({What}) gave up: other changes came first {Attempts} times")]
    public static partial void GaveUp(ILogger logger, string what, int attempts);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Directory revision {Restored} restored as revision {Revision}")]
    public static partial void Restored(ILogger logger, long restored, long revision);
}
