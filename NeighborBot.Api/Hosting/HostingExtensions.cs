using Microsoft.Extensions.Options;
using NeighborBot.Api.Admin;
using NeighborBot.Api.Health;

namespace NeighborBot.Api.Hosting;

internal static class HostingExtensions
{
    /// <summary>Logging, health, the admin key and the start-up report.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.AddHealth();
        builder.AddAdmin();
        builder.Services.AddHostedService<StartupReport>();
        return builder;
    }

    /// <summary>Runs the app; a configuration problem ends it with a message that names the key, not a stack trace.</summary>
    public static int RunOrExplain(this WebApplication app)
    {
        try
        {
            app.Run();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            Console.Error.WriteLine("NeighborBot cannot start; fix the configuration:");
            foreach (var failure in ex.Failures)
            {
                Console.Error.WriteLine("  - " + failure);
            }

            return 1;
        }
    }
}
