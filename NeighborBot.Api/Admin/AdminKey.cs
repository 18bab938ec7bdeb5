using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Hangfire.Dashboard;

namespace NeighborBot.Api.Admin;

/// <summary>Checks <c>Authorization: Bearer {Admin:ApiKey}</c> in constant time.</summary>
internal sealed class AdminKey(IOptions<AdminOptions> options)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.ApiKey);

    public bool IsAuthorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Matches(header["Bearer ".Length..].Trim());
        }

        // Browsers cannot send a bearer header to the job dashboard: Basic with the key as password works too.
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon >= 0 && Matches(decoded[(colon + 1)..]);
            }
            catch (FormatException)
            {
                return false;
            }
        }

        return false;
    }

    private bool Matches(string given) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _key);
}

/// <summary>
/// Refuses requests to the admin routes, the job dashboard and the OpenAPI document without the key, before anything else
/// runs (an endpoint filter would come after the body was read and bound). Browsers are asked for it
/// with Basic authentication: any user name, the key as password. Each wrong key is counted against
/// the client's address (<see cref="AdminLockout"/>) and logged as a security event.
/// </summary>
internal sealed class AdminKeyMiddleware(RequestDelegate next, AdminKey key, AdminLockout lockout, ILogger<AdminKeyMiddleware> logger)
{
    public static readonly PathString[] Guarded = ["/api/admin", "/hangfire", "/openapi"];

    public static bool IsGuarded(PathString path) => Guarded.Any(path.StartsWithSegments);

    public Task InvokeAsync(HttpContext context)
    {
        if (!IsGuarded(context.Request.Path) || key.IsAuthorized(context.Request))
        {
            return next(context);
        }

        if (context.Request.Headers.Authorization.Count > 0)
        {
            var client = AdminLockout.ClientOf(context);
            using var counted = lockout.CountFailure(client);
            if (!counted.IsAcquired)
            {
                // Other wrong keys from the address were counted since the gate looked: refused like them.
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Log.LockedOut(logger, client, context.Request.Path, AdminLockout.SetRetryAfter(context.Response, counted));
                return Task.CompletedTask;
            }

            Log.WrongKey(logger, client, context.Request.Path, lockout.Failures(client), lockout.MaxFailures);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"NeighborBot admin\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }
}

/// <summary>The dashboard's own check, the same key: Hangfire allows only local requests without one.</summary>
internal sealed class AdminKeyDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        return http.RequestServices.GetRequiredService<AdminKey>().IsAuthorized(http.Request);
    }
}
