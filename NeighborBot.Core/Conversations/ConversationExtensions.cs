using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NeighborBot.Directory;
using NeighborBot.Intake;
using NeighborBot.Tickets;

namespace NeighborBot.Conversations;

public static class ConversationExtensions
{
    /// <summary>The conversation engine, both sides of it (residents, staff), the intake analyzer and the ticket loop.</summary>
    public static IHostApplicationBuilder AddConversations(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConversationOptions>()
            .Bind(builder.Configuration.GetSection(ConversationOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<IntakeOptions>()
            .Bind(builder.Configuration.GetSection(IntakeOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<IntakeOptions>, IntakeOptionsValidator>();
        services.AddOptions<SafetyOptions>().Bind(builder.Configuration.GetSection(SafetyOptions.Section));
        services.AddOptions<RoutingOptions>().Bind(builder.Configuration.GetSection(RoutingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>();
        services.AddOptions<SlaOptions>().Bind(builder.Configuration.GetSection(SlaOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlaOptions>, SlaOptionsValidator>();

        services.AddSingleton<IntakeService>();
        services.AddSingleton<SafetyGuidance>();
        services.AddSingleton<DirectoryCache>();
        services.AddSingleton<TicketDesk>();
        services.AddSingleton<Router>();
        services.AddSingleton<TicketCommands>();
        services.AddSingleton<TicketQueries>();
        services.AddSingleton<TicketNotifier>();
        services.AddSingleton<TicketSweep>();
        services.AddSingleton<Notifications.Reach>();
        services.AddSingleton<HouseholdBindings>();
        services.AddSingleton<ResidentResponder>();
        services.AddSingleton<IResponder, StaffResponder>();
        services.AddSingleton<ConversationEngine>();
        return builder;
    }
}
