using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NeighborBot.Outbox;

namespace NeighborBot.Broadcasts;

public static class BroadcastExtensions
{
    /// <summary>Broadcasts: the admin's desk, the audience resolver, the runner and its sweep, the count of outcomes, the weekly anti-fraud tip. The store comes with the stores, the jobs with the jobs.</summary>
    public static IHostApplicationBuilder AddBroadcasts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BroadcastOptions>().BindConfiguration(BroadcastOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<BroadcastOptions>, BroadcastOptionsValidator>();
        services.AddSingleton<AudienceResolver>();
        services.AddSingleton<BroadcastDesk>();
        services.AddTransient<BroadcastRunner>();
        services.AddTransient<BroadcastSweep>();
        services.AddSingleton<WeeklyAntiFraud>();
        services.AddSingleton<IOutboxObserver, BroadcastDeliveries>();
        return builder;
    }
}
