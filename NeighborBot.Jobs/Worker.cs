using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NeighborBot.Storage;

namespace NeighborBot.Jobs;

/// <summary>
/// A job worker on its own: <c>dotnet run --project NeighborBot.Jobs</c> (or <c>dotnet NeighborBot.Jobs.dll</c>)
/// runs a Hangfire server with the same configuration as the API over the same Redis. Run as many as the
/// work needs; the API leaves the jobs to them with <c>Jobs:RunServer=false</c>.
/// </summary>
public static class Worker
{
    public static int Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(Settings(args));
        builder.Configuration[$"{JobsOptions.Section}:{nameof(JobsOptions.RunServer)}"] = "true";
        builder.Services.AddSingleton(new RedisRequired(
            "a job worker shares the API's tickets and jobs through Redis; the in-process store would be this process's memory alone."));
        builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
        builder.Services.AddHostedService<WorkerReport>();
        builder.AddNeighborBot();
        return builder.Build().RunOrExplain("The NeighborBot job worker");
    }

    /// <summary>
    /// The API's configuration sources (WebApplication.CreateBuilder's): appsettings.json,
    /// appsettings.{Environment}.json, environment variables, the command line, and the environment from
    /// <c>ASPNETCORE_ENVIRONMENT</c> as well as <c>DOTNET_ENVIRONMENT</c> (which wins). The appsettings are
    /// the API's (NeighborBot.Jobs.csproj copies them beside the worker) and are read beside the worker's
    /// dll, not from the working directory, which <c>dotnet run</c> sets to the project folder; a content
    /// root given with <c>--contentRoot</c> or <c>DOTNET_CONTENTROOT</c> still wins.
    /// </summary>
    internal static HostApplicationBuilderSettings Settings(string[] args)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([new(HostDefaults.ContentRootKey, AppContext.BaseDirectory)]);
        configuration.AddEnvironmentVariables(prefix: "ASPNETCORE_");
        return new HostApplicationBuilderSettings { Args = args, Configuration = configuration };
    }
}
