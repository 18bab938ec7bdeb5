using Microsoft.Extensions.Options;
using NeighborBot.Accounts;

namespace NeighborBot.Api.Console;

/// <summary>
/// In Development, creates the admin of <c>Console:SeedAdmin</c> at start when no account of that name
/// exists, so that <c>dotnet run --project NeighborBot.Api</c> gives a demo sign-in. Elsewhere it does nothing:
/// a real admin comes from <c>add-admin</c>.
/// </summary>
internal sealed class SeedAdmin(IHostEnvironment environment, IOptions<ConsoleOptions> options, StaffAccounts accounts, ILogger<SeedAdmin> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() || options.Value.SeedAdmin is not { } seed)
        {
            return;
        }

        if (await accounts.AddAsync(seed.UserName, seed.DisplayName, seed.Password, [StaffRoles.Admin], [], cancellationToken) == AccountRefusal.None)
        {
            Log.DemoAdminSeeded(logger, seed.UserName);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
