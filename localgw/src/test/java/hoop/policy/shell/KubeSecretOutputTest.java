package hoop.policy.shell;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * kubectl and oc printing a Secret's values without their keys are unknown (denied by default: hoop masks a Secret by
 * the structure around its values); the same Secret as YAML or JSON, other resources in any format, and names only
 * stay as they were.
 */
class KubeSecretOutputTest {
    private static boolean unknown(String script) {
        return ShellClassifier.analyzeScript(script).unknown();
    }

    @Test
    void keylessFormatsOfSecretsAreUnknown() {
        for (String s : new String[] {
                "kubectl get secret db -o jsonpath='{.data.password}' | base64 -d",
                "kubectl -n prod get secrets db -ojsonpath='{.data.*}'",
                "kubectl get secret/db --output=jsonpath={.data.token}",
                "kubectl get secret db -o=go-template='{{.data.password | base64decode}}'",
                "kubectl get secret db --template='{{index .data \"tls.key\"}}'",
                "kubectl get secrets -o custom-columns=NAME:.metadata.name,PW:.data.password",
                "kubectl get secret,configmap -o jsonpath-as-json='{..data}'",
                "kubectl get secrets.v1 db -o go-template-file=t.tmpl",
                "oc extract secret/db --to=-",
                "kubectl view-secret db password",
                "sudo kubectl --context prod get secret db -o jsonpath={.data.password}",
                "kubectl get secret db -o json | jq -r .data.password | base64 -d",
                "kubectl get secrets -o yaml | grep -A1 password: | tail -n1",
                "kubectl get secret db -o yaml | yq .data"}) {
            assertTrue(unknown(s), s);
        }
    }

    @Test
    void yamlJsonNamesAndOtherResourcesStay() {
        for (String s : new String[] {
                "kubectl get secret db -o yaml",
                "kubectl get secrets -o json",
                "kubectl get secrets",
                "kubectl get secret -o name",
                "kubectl describe secret db",
                "kubectl get configmap app -o jsonpath='{.data.mode}'",
                "kubectl get pods -o custom-columns=NAME:.metadata.name",
                "kubectl get deploy secret-rotator -o jsonpath='{.spec.replicas}'",
                "kubectl get secrets | grep db",
                "kubectl get secret db -o yaml > backup.yaml",
                "kubectl get pods -o json | jq -r '.items[].metadata.name'"}) {
            assertFalse(unknown(s), s);
        }
    }
}
