using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Outbox;
using NeighborBot.WeChat.Api;
using NeighborBot.WeChat.Sending;

namespace NeighborBot.WeChat;

public static class WeChatExtensions
{
    /// <summary>
    /// The Official Account channel: the accounts, the callback, and the outbound side (WeChat's API
    /// client with its shared access token, the template mapping, and the sender of outbox messages
    /// to followers). Needs the stores.
    /// </summary>
    public static IHostApplicationBuilder AddWeChat(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WeChatOptions>().Bind(builder.Configuration.GetSection(WeChatOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeChatOptions>, WeChatOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WeChatAccounts>();
        services.AddSingleton<WeChatCallback>();

        // Staff are reached on the first account configured unless Notifications:StaffAccount names one.
        services.AddOptions<OutboxOptions>().PostConfigure<IOptions<WeChatOptions>>((outbox, wechat) =>
            outbox.StaffAccount ??= wechat.Value.Accounts.Keys.FirstOrDefault());

        services.AddOptions<WeChatApiOptions>().BindConfiguration(WeChatApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeChatApiOptions>, WeChatApiOptionsValidator>();
        services.AddOptions<WeChatTemplateOptions>().BindConfiguration(WeChatOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeChatTemplateOptions>, WeChatTemplateOptionsValidator>();
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
        services.AddSingleton<TemplateCatalog>();
        services.AddTransient<IChannelSender, OfficialAccountSender>();
        return builder;
    }
}
