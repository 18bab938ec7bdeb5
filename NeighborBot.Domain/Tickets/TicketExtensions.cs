using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace NeighborBot.Tickets;

public static class TicketExtensions
{
    /// <summary>The ticket loop: opening and changing tickets, routing, deadlines, and what workers ask of their queue.</summary>
    public static IHostApplicationBuilder AddTickets(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RoutingOptions>().Bind(builder.Configuration.GetSection(RoutingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>();
        services.AddOptions<SlaOptions>().Bind(builder.Configuration.GetSection(SlaOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlaOptions>, SlaOptionsValidator>();
        services.AddSingleton<TicketDesk>();
        services.AddSingleton<Router>();
        services.AddSingleton<TicketCommands>();
        services.AddSingleton<TicketQueries>();
        services.AddSingleton<TicketUpgrade>();
        return builder;
    }
}
