using Microsoft.Extensions.Logging;

namespace NeighborBot.Wishes;

// Wish numbers, directory ids and counts only: never a resident's name, phone, address or a note.
internal static partial class Log
{
    [LoggerMessage(EventId = 9301, Level = LogLevel.Information, Message = "Wish {Number} approved by {Person}")]
    public static partial void Approved(ILogger logger, string number, string person);

    [LoggerMessage(EventId = 9302, Level = LogLevel.Information, Message = "Wish {Number} claimed by {Person} (claim {Claims})")]
    public static partial void Claimed(ILogger logger, string number, string person, int claims);

    [LoggerMessage(EventId = 9303, Level = LogLevel.Information, Message = "Wish {Number} done by {Person} ({Minutes} min)")]
    public static partial void Done(ILogger logger, string number, string person, int minutes);

    [LoggerMessage(EventId = 9304, Level = LogLevel.Information, Message = "Wish {Number} returned to the board: the claim of {Person} ran out")]
    public static partial void Returned(ILogger logger, string number, string person);
}
