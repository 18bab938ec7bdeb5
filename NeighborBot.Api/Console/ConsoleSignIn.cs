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
            await accounts.AuditAsync(userName, "signin.refused", userName, $"错误次数过多，暂停登录（{client}）", context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return SignInOutcome.Throttled;
        }

        if (await accounts.VerifyAsync(userName, password, context.RequestAborted) is not { } account)
        {
            throttle.CountFailure(userName, client);
            Log.WrongPassword(logger, userName, client);
            var why = await accounts.GetAsync(userName, context.RequestAborted) is { Disabled: true } ? "账号已停用" : "用户名或密码错误";
            await accounts.AuditAsync(userName, "signin.refused", userName, $"{why}（{client}）", context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return SignInOutcome.Wrong;
        }

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, StaffUser.PrincipalOf(account, CookieAuthenticationDefaults.AuthenticationScheme));
        Log.SignedIn(logger, account.UserName, client);
        await accounts.AuditAsync(account.UserName, "signin", account.UserName, $"登录（{client}）", context.RequestAborted);
        return SignInOutcome.SignedIn;
    }

    /// <summary>
    /// Checks the cookie against the stored account at each request that reads it (a page load, a circuit's
    /// start): a disabled or removed account is signed out; changed roles or grids take effect at once.
    /// </summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (StaffUser.Of(context.Principal!) is not { } user)
        {
            return;
        }

        var accounts = context.HttpContext.RequestServices.GetRequiredService<StaffAccounts>();
        var account = await accounts.GetAsync(user.UserName, context.HttpContext.RequestAborted);
        if (account is null or { Disabled: true })
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        if (!account.Roles.SequenceEqual(user.Roles) || !account.Grids.SequenceEqual(user.Grids) || account.DisplayName != user.DisplayName)
        {
            context.ReplacePrincipal(StaffUser.PrincipalOf(account, CookieAuthenticationDefaults.AuthenticationScheme));
            context.ShouldRenew = true;
        }
    }

    /// <summary>Only a path of this site: never another host (<c>//evil</c>, <c>/\evil</c>).</summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
