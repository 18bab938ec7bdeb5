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
        catch (Exception ex) when (ConfigurationFailures(ex) is { Count: > 0 } failures)
        {
            Console.Error.WriteLine("NeighborBot cannot start; fix the configuration:");
            foreach (var failure in failures)
            {
                Console.Error.WriteLine("  - " + failure);
            }

            return 1;
        }
    }

    /// <summary>Every option failure in the exception (start-up validation aggregates several).</summary>
    internal static List<string> ConfigurationFailures(Exception ex) => ex switch
    {
        OptionsValidationException options => [.. options.Failures],
        AggregateException aggregate => [.. aggregate.InnerExceptions.SelectMany(ConfigurationFailures)],
        _ => [],
    };
}
