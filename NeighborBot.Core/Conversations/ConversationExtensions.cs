using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NeighborBot.Conversations;

public static class ConversationExtensions
{
    public static IHostApplicationBuilder AddConversations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConversationOptions>()
            .Bind(builder.Configuration.GetSection(ConversationOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IResponder, HelpDesk>();
        builder.Services.AddSingleton<ConversationEngine>();
        return builder;
    }
}
