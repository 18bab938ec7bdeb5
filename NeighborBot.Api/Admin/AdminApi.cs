using Microsoft.AspNetCore.RateLimiting;
using Hangfire;

namespace NeighborBot.Api.Admin;

internal static class AdminApi
{
    public static IHostApplicationBuilder AddAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>()
            .Bind(builder.Configuration.GetSection(AdminOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<AdminKey>();
        builder.Services.AddSingleton<AdminLockout>();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = AdminLockout.OnRejectedAsync;
        });
        builder.Services.AddOptions<RateLimiterOptions>()
            .Configure<AdminLockout>((options, lockout) => options.GlobalLimiter = lockout.Gate);
        return builder;
    }

    /// <summary>
    /// The admin key in front of <c>/api/admin</c> and <c>/hangfire</c>, behind the lockout of addresses
    /// that sent too many wrong keys (the rate limiter looks first, the key check counts the failures).
    /// </summary>
    public static IApplicationBuilder UseAdminKey(this IApplicationBuilder app) =>
        app.UseRateLimiter().UseMiddleware<AdminKeyMiddleware>();

    /// <summary>The <c>/api/admin</c> group (behind the admin key, see <see cref="UseAdminKey"/>); features add their routes to it.</summary>
    public static RouteGroupBuilder MapAdminGroup(this IEndpointRouteBuilder app) => app.MapGroup("/api/admin").WithTags("Admin");

    /// <summary>The Hangfire dashboard at <c>/hangfire</c>, only with the admin key.</summary>
    public static IApplicationBuilder MapJobsDashboard(this WebApplication app) =>
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdminKeyDashboardFilter()],
            AsyncAuthorization = [],
            DisplayStorageConnectionString = false,
            AppPath = null,
        });
}
