using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NeighborBot.Conversations;

namespace NeighborBot.Warnings;

public static class WarningExtensions
{
    /// <summary>Flood warnings: the desk, the feeds' poll, sensors' alerts. The store comes with the stores; the feed reader and the jobs with the jobs.</summary>
    public static IHostApplicationBuilder AddWarnings(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WarningOptions>().BindConfiguration(WarningOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<WarningOptions>, WarningOptionsValidator>();
        services.AddOptions<SensorOptions>().BindConfiguration(SensorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WarningDesk>();
        services.AddSingleton<WarningFeeds>();
        services.AddSingleton<SensorAlerts>();
        services.AddSingleton<IChatFeature, TransferCommands>();
        return builder;
    }
}
