using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NeighborBot.Outbox;

namespace NeighborBot.Bridges;

public static class BridgeExtensions
{
    /// <summary>The group bridges: their options, the callback that takes their posts, and the sender into their groups.</summary>
    public static IHostApplicationBuilder AddBridges(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BridgeOptions>().Configure(o => builder.Configuration.GetSection(BridgeOptions.Section).Bind(o.Bridges)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BridgeOptions>, BridgeOptionsValidator>();
        services.AddSingleton<BridgeCallback>();
        services.AddHttpClient<BridgeSender>(http => http.Timeout = TimeSpan.FromSeconds(10));
        services.AddTransient<IChannelSender>(sp => sp.GetRequiredService<BridgeSender>());
        return builder;
    }
}
