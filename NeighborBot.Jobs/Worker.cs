using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace NeighborBot.Jobs;

/// <summary>
/// A job worker on its own: <c>dotnet run --project NeighborBot.Jobs</c> runs a Hangfire server with the
/// same configuration as the API (appsettings.json, environment variables) over the same Redis. Run as
/// many as the work needs; the API can leave the jobs to them with <c>Jobs:RunServer=false</c>.
/// </summary>
public static class Worker
{
    public static int Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration["Jobs:RunServer"] = "true";
        builder.AddNeighborBot();
        try
        {
            builder.Build().Run();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            Console.Error.WriteLine("The worker cannot start; fix the configuration:");
            foreach (var failure in ex.Failures)
            {
                Console.Error.WriteLine("  - " + failure);
            }

            return 1;
        }
    }
}
