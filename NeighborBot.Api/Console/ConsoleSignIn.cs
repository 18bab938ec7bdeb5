using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using NeighborBot.Api.Admin;

namespace NeighborBot.Api.Console;

internal enum SignInOutcome
{
    SignedIn,
    Missing,
    Wrong,
    Throttled,
}

/// <summary>
/// Sign-in to the console: throttled per user name and address (<see cref="SignInThrottle"/>) before the
/// password is looked at, then the cookie. The answer's status says what happened: 400, 401 or 429.
/// </summary>
internal sealed class ConsoleSignIn(StaffAccounts accounts, SignInThrottle throttle, ILogger<ConsoleSignIn> logger)
{
    public async Task<SignInOutcome> SignInAsync(HttpContext context, string? userName, string? password)
    {
        userName = userName?.Trim() ?? string.Empty;
        var client = AdminLockout.ClientOf(context);
        if (userName.Length == 0 || string.IsNullOrEmpty(password))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return SignInOutcome.Missing;
        }

        if (throttle.IsLocked(userName, client))
        {
            Log.Throttled(logger, userName, client);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return SignInOutcome.Throttled;
        }

        if (await accounts.VerifyAsync(userName, password, context.RequestAborted) is not { } account)
        {
            throttle.CountFailure(userName, client);
            Log.WrongPassword(logger, userName, client);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return SignInOutcome.Wrong;
        }

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, StaffUser.PrincipalOf(account, CookieAuthenticationDefaults.AuthenticationScheme));
        Log.SignedIn(logger, account.UserName, client);
        return SignInOutcome.SignedIn;
    }

    /// <summary>Only a path of this site: never another host (<c>//evil</c>, <c>/\evil</c>).</summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
