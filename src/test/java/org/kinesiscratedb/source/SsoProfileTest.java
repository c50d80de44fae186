package org.kinesiscratedb.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * An AWS IAM Identity Center (SSO) profile, as {@code aws configure sso} writes it, is one the default credential
 * chain can use: the SDK's {@code sso} and {@code ssooidc} modules are on the class path. Without a login the chain
 * then asks for {@code aws sso login}; without the modules it would say that a module is missing.
 */
@ResourceLock("aws.system.properties")
class SsoProfileTest {

    @TempDir
    Path home;

    @AfterEach
    void forgetProfile() {
        System.clearProperty("aws.configFile");
        System.clearProperty("aws.sharedCredentialsFile");
        System.clearProperty("aws.profile");
    }

    @Test
    void anSsoProfileIsReadWithTheSsoModules() throws Exception {
        Path config = home.resolve("config");
        Files.writeString(config, String.join("\n",
                "[profile analytics]",
                "sso_session = corp",
                "sso_account_id = 111122223333",
                "sso_role_name = KinesisReader",
                "region = eu-central-1",
                "",
                "[sso-session corp]",
                "sso_start_url = https://corp.awsapps.com/start",
                "sso_region = eu-central-1",
                "sso_registration_scopes = sso:account:access",
                ""));
        Files.writeString(home.resolve("credentials"), "");
        System.setProperty("aws.configFile", config.toString());
        System.setProperty("aws.sharedCredentialsFile", home.resolve("credentials").toString());
        System.setProperty("aws.profile", "analytics");

        Throwable failure = catchThrowable(() -> DefaultCredentialsProvider.builder().build().resolveCredentials());

        // No token in ~/.aws/sso/cache for this start URL: the SSO provider itself answers, so it is there.
        assertThat(failure).isNotNull();
        assertThat(failure.getMessage()).doesNotContainIgnoringCase("must be on the class path")
                .containsIgnoringCase("sso");
    }
}
