using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NeighborBot.Groups;
using NeighborBot.Outbox;

namespace NeighborBot.WeChat.WeCom;

public static class WeComExtensions
{
    /// <summary>
    /// The WeCom channel: smart robots' callbacks (<c>WeCom:Bots</c>) and the sender that posts into WeCom
    /// groups through their robot webhooks (<c>Groups:{chatid}:Robot</c>). Needs the stores and the groups' gate.
    /// </summary>
    public static IHostApplicationBuilder AddWeCom(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WeComOptions>().Bind(builder.Configuration.GetSection(WeComOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeComOptions>, WeComOptionsValidator>();

        // Groups also holds the prefixes and the bot's names: only the children with a Robot are robots.
        services.AddOptions<WeComRobotOptions>().Configure(o =>
        {
            foreach (var group in builder.Configuration.GetSection(GroupOptions.Section).GetChildren())
            {
                if (group["Robot"] is { } robot)
                {
                    o.Robots[group.Key] = robot;
                }
            }
        }).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeComRobotOptions>, WeComRobotOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WeComBots>();
        services.AddSingleton<WeComCallback>();
        services.AddHttpClient<WeComRobotSender>((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<WeComOptions>>().Value.RobotTimeout)
            // The default request logging would write the URI, and the webhook's key is in it.
            .RemoveAllLoggers();
        services.AddTransient<IChannelSender>(sp => sp.GetRequiredService<WeComRobotSender>());
        return builder;
    }
}
