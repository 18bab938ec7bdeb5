using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NeighborBot.Intake;

namespace NeighborBot.Conversations;

public static class ConversationExtensions
{
    /// <summary>The conversation engine, both sides of it (residents, staff) and the features' own words (<see cref="IChatFeature"/>), the intake analyzer, and the once-per-delivery guard channels share.</summary>
    public static IHostApplicationBuilder AddConversations(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConversationOptions>()
            .Bind(builder.Configuration.GetSection(ConversationOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.FileUnansweredAfter < o.DraftExpiry, "Conversations:FileUnansweredAfter must be shorter than Conversations:DraftExpiry: the report would be forgotten before it is filed.")
            .ValidateOnStart();
        services.AddOptions<IntakeOptions>()
            .Bind(builder.Configuration.GetSection(IntakeOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<IntakeOptions>, IntakeOptionsValidator>();
        services.AddOptions<SafetyOptions>().Bind(builder.Configuration.GetSection(SafetyOptions.Section));

        services.AddSingleton<IntakeService>();
        services.AddSingleton<SafetyGuidance>();
        services.AddSingleton<HouseholdBindings>();
        services.AddSingleton<Handover>();
        services.AddSingleton<ResidentResponder>();
        services.AddSingleton<StaffResponder>();
        services.AddSingleton<IResponder>(sp => new GroupAnswers(
            new ChatFeatures(sp.GetServices<IChatFeature>(), sp.GetRequiredService<StaffResponder>())));
        services.AddSingleton<ConversationEngine>();
        services.AddSingleton<UnansweredReports>();
        services.AddSingleton<DeliveryOnce>();
        return builder;
    }
}
