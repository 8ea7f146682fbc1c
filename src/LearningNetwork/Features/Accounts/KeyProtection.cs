using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace LearningNetwork.Features.Accounts;

/// <summary>
/// <c>DataProtection:CertificatePath</c> (a PKCS#12 file with its private key) and <c>DataProtection:CertificatePassword</c>:
/// when set, every data-protection key written to the database from then on is encrypted with the certificate (XML
/// encryption), so a copy of the database alone does not open sessions, antiforgery or e-mailed tokens. Every node
/// needs the same certificate. Keys written before it was set stay readable as they were. A certificate that cannot be
/// read stops start-up with a message naming the setting.
/// </summary>
public static class KeyProtection
{
    public const string Section = "DataProtection";

    public static void AddKeyProtection(this WebApplicationBuilder builder)
    {
        var path = builder.Configuration[$"{Section}:CertificatePath"];
        if (string.IsNullOrWhiteSpace(path)) return;
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, builder.Configuration[$"{Section}:CertificatePassword"]);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{Section}:CertificatePath: cannot read the certificate '{path}' ({e.Message}).", e);
        }
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException($"{Section}:CertificatePath: the certificate '{path}' has no private key, so keys it encrypts could not be read back.");
        builder.Services.AddDataProtection().ProtectKeysWithCertificate(certificate);
    }
}
