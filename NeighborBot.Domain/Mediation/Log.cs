using Microsoft.Extensions.Logging;

namespace NeighborBot.Mediation;

// Booking numbers, directory ids and specialties only: never a resident's key, name, phone or words.
internal static partial class Log
{
    [LoggerMessage(EventId = 9301, Level = LogLevel.Information, Message = "Mediation {Booking} booked with {Mediator} ({Specialty}, online {Online})")]
    public static partial void Booked(ILogger logger, string booking, string mediator, string specialty, bool online);

    [LoggerMessage(EventId = 9302, Level = LogLevel.Information, Message = "A slot of {Mediator} at {Start} was taken by someone else first")]
    public static partial void SlotTaken(ILogger logger, string mediator, DateTimeOffset start);

    [LoggerMessage(EventId = 9303, Level = LogLevel.Information, Message = "Mediation {Booking} moved to {Mediator}")]
    public static partial void Moved(ILogger logger, string booking, string mediator);

    [LoggerMessage(EventId = 9304, Level = LogLevel.Information, Message = "Mediation {Booking} cancelled")]
    public static partial void Cancelled(ILogger logger, string booking);

    [LoggerMessage(EventId = 9305, Level = LogLevel.Information, Message = "Mediation {Booking} held; agreed: {Success}")]
    public static partial void Outcome(ILogger logger, string booking, bool success);

    [LoggerMessage(EventId = 9306, Level = LogLevel.Information, Message = "Mediation sweep queued {Count} reminders")]
    public static partial void Swept(ILogger logger, int count);
}
