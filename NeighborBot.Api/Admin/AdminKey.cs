using System.Security.Cryptography;
using System.Text;
using Hangfire.Dashboard;
using Microsoft.Extensions.Options;

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

/// <summary>Puts the admin key in front of every route of a group.</summary>
internal sealed class AdminKeyFilter(AdminKey key) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        key.IsAuthorized(context.HttpContext.Request) ? next(context) : ValueTask.FromResult<object?>(TypedResults.Unauthorized());
}

/// <summary>The job dashboard asks the browser for the admin key (any user name, the key as password).</summary>
internal sealed class AdminKeyDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (http.RequestServices.GetRequiredService<AdminKey>().IsAuthorized(http.Request))
        {
            return true;
        }

        http.Response.Headers.WWWAuthenticate = "Basic realm=\"NeighborBot jobs\", charset=\"UTF-8\"";
        return false;
    }
}
