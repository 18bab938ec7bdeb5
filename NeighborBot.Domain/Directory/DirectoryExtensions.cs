using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NeighborBot.Directory;

public static class DirectoryExtensions
{
    /// <summary>The directory as every instance reads it (a cached copy) and changes it (the editor), with its options.</summary>
    public static IHostApplicationBuilder AddDirectory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DirectoryOptions>()
            .Bind(builder.Configuration.GetSection(DirectoryOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<DirectoryCache>();
        builder.Services.AddSingleton<DirectoryEditor>();
        return builder;
    }
}
