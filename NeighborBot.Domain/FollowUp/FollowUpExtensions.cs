using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NeighborBot.FollowUp;

public static class FollowUpExtensions
{
    /// <summary>What follows a ticket's changes: the notifier (routing, messages) and the sweep that makes up what a dead process left.</summary>
    public static IHostApplicationBuilder AddFollowUp(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TicketNotifier>();
        builder.Services.AddSingleton<TicketSweep>();
        return builder;
    }
}
