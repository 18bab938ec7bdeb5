using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NeighborBot.Conversations;

namespace NeighborBot.Wishes;

public static class WishExtensions
{
    /// <summary>Micro-wishes: the board and its words in the chat; the store comes with the stores, the sweep with the jobs.</summary>
    public static IHostApplicationBuilder AddWishes(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WishOptions>().BindConfiguration(WishOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WishOptions>, WishOptionsValidator>();
        services.AddSingleton<WishBoard>();
        services.AddSingleton<IChatFeature, WishChat>();
        return builder;
    }
}
