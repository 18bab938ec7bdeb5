using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NeighborBot.Groups;

public static class GroupExtensions
{
    /// <summary>The gate every group channel passes its messages through.</summary>
    public static IHostApplicationBuilder AddGroups(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GroupOptions>().BindConfiguration(GroupOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<GroupGate>();
        return builder;
    }
}
