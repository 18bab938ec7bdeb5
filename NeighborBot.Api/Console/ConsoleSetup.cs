using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using NeighborBot.Accounts;
using NeighborBot.Api.Console.Components;
using NeighborBot.Api.Tickets;

namespace NeighborBot.Api.Console;

/// <summary>
/// The staff console: Blazor (interactive server) with MudBlazor at <c>/</c>, staff accounts with cookie
/// sign-in (the bearer key stays for <c>/api/admin</c>), the CSV export and the audit log.
/// </summary>
internal static class ConsoleSetup
{
    public const string SignInPath = "/signin";
    public const string SignOutPath = "/account/signout";
    public const string ManagersPolicy = "console-managers";
    public const string AdminsPolicy = "console-admins";

    /// <summary>The roles that see every grid (admin, secretary, read-only): the volunteer hours of the whole community.</summary>
    public const string SeesAllGridsPolicy = "console-all-grids";

    public static IHostApplicationBuilder AddConsole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConsoleOptions>()
            .Bind(builder.Configuration.GetSection(ConsoleOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.SeedAdmin is null || (o.SeedAdmin.UserName.Length > 0 && o.SeedAdmin.Password.Length >= StaffAccounts.MinPasswordLength),
                $"Console:SeedAdmin needs a UserName and a Password of at least {StaffAccounts.MinPasswordLength} characters.")
            .ValidateOnStart();
        builder.Services.AddSingleton<StaffAccounts>();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<ConsoleSignIn>();
        builder.Services.AddSingleton<TicketViews>();
        builder.Services.AddScoped<ConsoleActions>();
        builder.Services.AddScoped<DirectoryImports>();
        builder.Services.AddScoped<WarningActions>();
        builder.Services.AddScoped<BroadcastActions>();
        builder.Services.AddScoped<GroupActions>();
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddSingleton<SimulatorChat>();
        }

        builder.Services.AddHostedService<SeedAdmin>();

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<ConsoleOptions>>((cookie, console) =>
            {
                cookie.Cookie.Name = "nb.console";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = SignInPath;
                cookie.AccessDeniedPath = "/denied";
                cookie.ExpireTimeSpan = console.Value.SessionLifetime;
                cookie.SlidingExpiration = true;
                cookie.Events.OnValidatePrincipal = ConsoleSignIn.ValidateAsync;
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ManagersPolicy, policy => policy.RequireRole([.. StaffRoles.Managers]))
            .AddPolicy(AdminsPolicy, policy => policy.RequireRole(StaffRoles.Admin))
            .AddPolicy(SeesAllGridsPolicy, policy => policy.RequireRole(StaffRoles.Admin, StaffRoles.Secretary, StaffRoles.ReadOnly));
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        return builder;
    }

    /// <summary>Authentication, antiforgery, the console's pages and its two plain routes.</summary>
    public static WebApplication MapConsole(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            // The simulator (模拟器) speaks for anyone: it exists in Development only.
            app.Use((context, next) =>
            {
                if (context.Request.Path.StartsWithSegments(SimulatorChat.RouteSegment, StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                return next(context);
            });
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapPost(SignOutPath, async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.LocalRedirect(SignInPath);
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());
        app.MapGet("/console/tickets.csv", TicketExport.CsvAsync).RequireAuthorization();
        app.MapDirectoryExport();
        app.MapGet("/console/volunteer-hours.csv", NeighborBot.Api.Care.CareApi.HoursAsync).RequireAuthorization(SeesAllGridsPolicy);
        app.MapGet("/console/wishes-done.html", NeighborBot.Api.Wishes.WishesApi.DonePageAsync).RequireAuthorization();
        return app;
    }
}
