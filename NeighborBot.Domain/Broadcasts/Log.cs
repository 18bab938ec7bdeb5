using Microsoft.Extensions.Logging;

namespace NeighborBot.Broadcasts;

// Broadcast ids, run ids and counts only: never a recipient's openid, a name or the text.
internal static partial class Log
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Broadcast {Id} created ({Status})")]
    public static partial void Created(ILogger logger, string id, string status);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "Broadcast {Id}: {From} -> {To}")]
    public static partial void Changed(ILogger logger, string id, string from, string to);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Information, Message = "Run {Run} started")]
    public static partial void RunStarted(ILogger logger, string run);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Information, Message = "Run {Run}: {Recipients} recipients, {OptedOut} of them opted out")]
    public static partial void Ledger(ILogger logger, string run, int recipients, int optedOut);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Debug, Message = "Run {Run} is being handed over by another process; this one does nothing")]
    public static partial void RunHeld(ILogger logger, string run);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Information, Message = "Run {Run} was cancelled; {Handed} messages were handed over in this job before it stopped")]
    public static partial void RunCancelled(ILogger logger, string run, int handed);

    [LoggerMessage(EventId = 8007, Level = LogLevel.Debug, Message = "Run {Run}: {Handed} handed over; going on at {ResumeAt}")]
    public static partial void RunPaused(ILogger logger, string run, int handed, DateTimeOffset resumeAt);

    [LoggerMessage(EventId = 8008, Level = LogLevel.Information, Message = "Run {Run}: every message is with the outbox ({Handed} in this job)")]
    public static partial void RunHandedOver(ILogger logger, string run, int handed);

    [LoggerMessage(EventId = 8009, Level = LogLevel.Information, Message = "Broadcast {Id} runs next at {Next}")]
    public static partial void NextRun(ILogger logger, string id, DateTimeOffset next);

    [LoggerMessage(EventId = 8010, Level = LogLevel.Warning, Message = "Run {Run}: the mass-message allowance of account {Account} is used up this month; not sent")]
    public static partial void NoMassAllowance(ILogger logger, string run, string account);

    [LoggerMessage(EventId = 8011, Level = LogLevel.Warning, Message = "The hold on run {Run} could not be renewed")]
    public static partial void HoldFailed(ILogger logger, Exception exception, string run);

    [LoggerMessage(EventId = 8012, Level = LogLevel.Information, Message = "Broadcast sweep: {Started} started, {Resumed} resumed, {Counted} outcomes counted")]
    public static partial void Swept(ILogger logger, int started, int resumed, int counted);

    [LoggerMessage(EventId = 8013, Level = LogLevel.Warning, Message = "Broadcast sweep: {What} failed; trying again next time")]
    public static partial void SweepFailed(ILogger logger, Exception exception, string what);

    [LoggerMessage(EventId = 8014, Level = LogLevel.Information, Message = "The weekly anti-fraud broadcast {Id} is on; first run at {Next}")]
    public static partial void WeeklyOn(ILogger logger, string id, DateTimeOffset next);

    [LoggerMessage(EventId = 8015, Level = LogLevel.Information, Message = "The weekly anti-fraud broadcast {Id} is off (cancelled)")]
    public static partial void WeeklyOff(ILogger logger, string id);
}
