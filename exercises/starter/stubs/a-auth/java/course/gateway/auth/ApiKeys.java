package course.gateway.auth;

import io.javalin.http.NotImplementedResponse;
import java.util.Map;
import java.util.Optional;

/**
 * Bonus A: the configured API keys, and the check of a presented key against them. Which client a key belongs to
 * must never leak through the check itself: not through the time it takes (wherever a wrong key differs from a
 * right one, however long it is, whichever key matched), and not through what is kept in memory (no key in the
 * clear). The admin endpoints' key ({@code "admin": {"access": "key"}}) is checked with this class too.
 *
 * <p>Designing it is the bonus: see "Keeping keys" and "Comparing in constant time" in
 * exercises/steps/bonus-a-auth.md.
 */
public final class ApiKeys {

    // TODO(bonus A): decide what this class keeps of the keys, and in which structure. Contract: no key is
    //   kept in the clear; a check must be able to name the client whose key matched.

    /**
     * Takes the keys as config.json gives them. With auth switched off the keys are never checked at start-up and
     * may be empty (config.json's default), and the admin endpoints may pass an empty map: accept both, never
     * refuse a key here ({@code AuthConfig} checks them when auth is on).
     *
     * @param keysByClient client name to key
     */
    public ApiKeys(Map<String, String> keysByClient) {
        // TODO(bonus A): keep what clientFor needs, and nothing that reveals a key.
    }

    /**
     * The name of the client whose key {@code presentedKey} is, or empty when it is nobody's (an empty key is
     * nobody's). The time this takes must not depend on how {@code presentedKey} relates to the stored keys: not on
     * where it differs, not on its length, not on which key (if any) matched.
     */
    public Optional<String> clientFor(String presentedKey) {
        // TODO(bonus A): compare the presented key with every stored one in constant time and name the owner.
        //   See "Comparing in constant time" in exercises/steps/bonus-a-auth.md.
        throw new NotImplementedResponse("Bonus A (API keys) is not done yet: ApiKeys.clientFor."
                + " See exercises/steps/bonus-a-auth.md");
    }
}
