using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Storage;
using NeighborBot.WeChat;
using NeighborBot.WeChat.Api;

namespace NeighborBot.Notifications;

public static class NotificationExtensions
{
    /// <summary>
    /// WeChat's outbound API client with its shared access token, the template mapping, the send log
    /// and the sender that jobs run. Needs <c>AddStores</c> and <c>AddWeChat</c>; the outbox itself
    /// (<see cref="IOutbox"/>) comes with the jobs (<c>AddNotificationJobs</c>).
    /// </summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddNotifications();
        return builder;
    }

    /// <summary>The same on a service collection (options bind from the host's configuration when resolved). Safe to call twice.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(NotificationsMarker)))
        {
            return services;
        }

        services.AddSingleton<NotificationsMarker>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<WeChatApiOptions>().BindConfiguration(WeChatApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeChatApiOptions>, WeChatApiOptionsValidator>();
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WeChatTemplateOptions>().BindConfiguration(WeChatOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeChatTemplateOptions>, WeChatTemplateOptionsValidator>();

        services.AddSingleton<IAccessTokenStore>(sp => sp.GetRequiredService<StoreChoice>().UsesRedis
            ? ActivatorUtilities.CreateInstance<RedisAccessTokenStore>(sp)
            : ActivatorUtilities.CreateInstance<InProcessAccessTokenStore>(sp));
        services.AddSingleton<AccessTokenCache>();
        services.AddSingleton<WeChatApiPolicies>();
        services.AddTransient<WeChatErrcodeHandler>();

        services.AddHttpClient(nameof(WeChatApiClient), (sp, http) =>
            {
                var baseUrl = sp.GetRequiredService<IOptions<WeChatOptions>>().Value.ApiBaseUrl;
                http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
                http.Timeout = sp.GetRequiredService<IOptions<WeChatApiOptions>>().Value.CallBudget;
            })
            .AddPolicyHandler((sp, request) => sp.GetRequiredService<WeChatApiPolicies>().RetryFor(request))
            .AddPolicyHandler((sp, _) => sp.GetRequiredService<WeChatApiPolicies>().Breaker)
            .AddPolicyHandler((sp, _) => sp.GetRequiredService<WeChatApiPolicies>().AttemptTimeout)
            .AddHttpMessageHandler<WeChatErrcodeHandler>()
            // The default request logging would write the URI, which holds access_token; the client logs for itself.
            .RemoveAllLoggers()
            .AddTypedClient((http, sp) => new WeChatApiClient(
                http,
                sp.GetRequiredService<WeChatAccounts>(),
                sp.GetRequiredService<AccessTokenCache>(),
                sp.GetRequiredService<ILogger<WeChatApiClient>>()));

        services.AddSingleton<IMessageStore>(sp => sp.GetRequiredService<StoreChoice>().UsesRedis
            ? ActivatorUtilities.CreateInstance<RedisMessageStore>(sp)
            : ActivatorUtilities.CreateInstance<InProcessMessageStore>(sp));
        services.AddSingleton<ISendLog>(sp => sp.GetRequiredService<IMessageStore>());
        services.AddSingleton<TemplateCatalog>();
        services.AddTransient<MessageSender>();
        return services;
    }

    private sealed class NotificationsMarker;
}
