using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NeighborBot.Conversations;

namespace NeighborBot.Mediation;

public static class MediationExtensions
{
    /// <summary>The mediation room: slots, bookings, reminders and the chat words. The store comes with the stores, the minutely sweep with the jobs.</summary>
    public static IHostApplicationBuilder AddMediation(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MediationOptions>().BindConfiguration(MediationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MediationDesk>();
        services.AddSingleton<IChatFeature, MediationChat>();
        return builder;
    }
}
