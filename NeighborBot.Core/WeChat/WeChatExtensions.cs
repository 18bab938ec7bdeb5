using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace NeighborBot.WeChat;

public static class WeChatExtensions
{
    public static IHostApplicationBuilder AddWeChat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WeChatOptions>()
            .Bind(builder.Configuration.GetSection(WeChatOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WeChatOptions>, WeChatOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<WeChatAccounts>();
        builder.Services.AddSingleton<WeChatCallback>();
        return builder;
    }
}
