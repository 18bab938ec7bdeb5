using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace NeighborBot.Api.Console;

/// <summary>
/// Counts wrong console passwords per user name and per client address in a fixed window
/// (<see cref="ConsoleOptions.MaxFailedSignIns"/> in <see cref="ConsoleOptions.FailedSignInWindow"/>). Once
/// either is spent, sign-in is refused before the password is looked at, the right one too, so a guesser
/// learns nothing more until the window has passed. A successful sign-in is never counted.
/// </summary>
internal sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;

    public SignInThrottle(IOptions<ConsoleOptions> options)
    {
        var max = options.Value.MaxFailedSignIns;
        var window = options.Value.FailedSignInWindow;
        _failures = PartitionedRateLimiter.Create<string, string>(
            key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = max,
                Window = window,
                QueueLimit = 0,
            }),
            StringComparer.Ordinal);
    }

    /// <summary>True when the user name or the address has used up its wrong passwords.</summary>
    public bool IsLocked(string userName, string client) =>
        Spent(UserKey(userName)) || Spent(ClientKey(client));

    /// <summary>Counts one wrong password against both the user name and the address.</summary>
    public void CountFailure(string userName, string client)
    {
        using var byUser = _failures.AttemptAcquire(UserKey(userName));
        using var byClient = _failures.AttemptAcquire(ClientKey(client));
    }

    public void Dispose() => _failures.Dispose();

    private bool Spent(string key) => _failures.GetStatistics(key) is { CurrentAvailablePermits: <= 0 };

    private static string UserKey(string userName) => "u:" + userName.Trim().ToLowerInvariant();

    private static string ClientKey(string client) => "c:" + client;
}
