using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NeighborBot.Outbox;

public static class OutboxExtensions
{
    /// <summary>
    /// The outbox's sending side and who is reached how. The outbox itself (<see cref="IOutbox"/>) comes
    /// with the jobs that send, the channels' senders with the channels, the message store with the stores.
    /// </summary>
    public static IHostApplicationBuilder AddOutbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Reach>();
        builder.Services.AddTransient<OutboxSender>();
        return builder;
    }
}
