namespace NeighborBot.Api.Console;

/// <summary>The console's events: user names and client addresses, never a password.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Console sign-in of {UserName} from {Client}")]
    public static partial void SignedIn(ILogger logger, string userName, string client);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Security event: wrong console password for {UserName} from {Client}")]
    public static partial void WrongPassword(ILogger logger, string userName, string client);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Security event: console sign-in of {UserName} from {Client} refused: too many wrong passwords")]
    public static partial void Throttled(ILogger logger, string userName, string client);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Console account {UserName} added with roles {Roles}")]
    public static partial void AccountAdded(ILogger logger, string userName, string roles);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "The demo admin {UserName} was created from Console:SeedAdmin (Development only)")]
    public static partial void DemoAdminSeeded(ILogger logger, string userName);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "Console: {Actor} did {Action} on {Target}")]
    public static partial void Audited(ILogger logger, string actor, string action, string target);
}
