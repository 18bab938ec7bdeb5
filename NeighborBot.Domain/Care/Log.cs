using Microsoft.Extensions.Logging;

namespace NeighborBot.Care;

// Festivals, people's directory ids and counts only: never a household (its id is its address), a name, a phone or a note.
internal static partial class Log
{
    [LoggerMessage(EventId = 9201, Level = LogLevel.Information, Message = "Festival care of {Day}: {Reminders} reminders, {Greetings} greetings, {Lists} lists of households not visited")]
    public static partial void DayRun(ILogger logger, DateOnly day, int reminders, int greetings, int lists);

    [LoggerMessage(EventId = 9202, Level = LogLevel.Information, Message = "Festival {Occurrence}: {Count} messages ({What}) with the outbox")]
    public static partial void Queued(ILogger logger, string occurrence, string what, int count);

    [LoggerMessage(EventId = 9203, Level = LogLevel.Information, Message = "A visit by {Person} recorded ({Minutes} min, festival {Festival})")]
    public static partial void Recorded(ILogger logger, string person, int minutes, string? festival);

    [LoggerMessage(EventId = 9204, Level = LogLevel.Information, Message = "The note of a visit by {Person} was passed to {Count} grid workers")]
    public static partial void ConcernPassed(ILogger logger, string person, int count);
}
