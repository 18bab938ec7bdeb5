using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace NeighborBot.Jobs;

/// <summary>How the API and the worker end when their configuration is wrong: every key to fix, no stack trace.</summary>
internal static class StartupProblems
{
    /// <summary>Runs the host; a configuration problem ends it with exit code 1 and a message that names each key.</summary>
    public static int RunOrExplain(this IHost host, string name)
    {
        try
        {
            host.Run();
            return 0;
        }
        catch (Exception ex) when (ConfigurationFailures(ex) is { Count: > 0 } failures)
        {
            Console.Error.WriteLine($"{name} cannot start; fix the configuration:");
            foreach (var failure in failures.Distinct(StringComparer.Ordinal))
            {
                Console.Error.WriteLine("  - " + failure);
            }

            return 1;
        }
    }

    /// <summary>Every option failure in the exception (start-up validation aggregates several).</summary>
    public static List<string> ConfigurationFailures(Exception ex) => ex switch
    {
        OptionsValidationException options => [.. options.Failures],
        AggregateException aggregate => [.. aggregate.InnerExceptions.SelectMany(ConfigurationFailures)],
        _ => [],
    };
}
