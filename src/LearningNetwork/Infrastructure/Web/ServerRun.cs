using LearningNetwork.ReferenceData;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LearningNetwork.Infrastructure.Web;

public static class ServerRun
{
    /// <summary>Runs the server, says where it listens, and turns a broken reference file or a missing or invalid
    /// setting into a clear exit.</summary>
    public static async Task<int> RunServerAsync(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
                Console.WriteLine($"Regions & Biodiversity Learning Network is running at {address.TrimEnd('/')}/");
        });
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (ReferenceDataException e)
        {
            await Console.Error.WriteLineAsync($"Cannot start: {e.Message}");
            return 1;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            foreach (var failure in e.Failures) await Console.Error.WriteLineAsync($"Cannot start: {failure}");
            return 1;
        }
    }
}
