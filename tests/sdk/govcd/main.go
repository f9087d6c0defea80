// govcd-check drives vcd-sim with a VCD client SDK that nobody in this project wrote: Debian's
// github.com/hmrc/vmware-govcd (a 2019 fork of vmware/govcloudair -> govcd, API 5.5). Every step
// goes through the SDK's own calls; this program only picks names, checks what came back and
// prints one line per step:
//
//	OK <step> [details]          the step worked
//	FAIL <step>: <error>         the step failed (exit status 1), followed on stderr by the last
//	                             HTTP exchanges so the failing request and answer are visible
//
// Usage: govcd-check -url http://127.0.0.1:PORT [-org acme-corp] [-user orgadmin] [-password demo]
// [-vapp NAME] [-reconfigure] [-trace]
//
// Left out, because this SDK cannot do them against a real VCD either:
//   - logging in as administrator@System: Authenticate() insists on a VDC in the user's own org and
//     the System org has none, so it would GET the bare endpoint as if it were a VDC;
//   - VM-level power actions and reading metadata: the SDK has no call for them;
//   - the vCloud Air flows (api_vca.go: /api/vchs/..., compute/... services): not a VCD API;
//   - ComposeVApp: it dereferences the template VM's first NetworkConnection and panics for a
//     template VM without a NIC (an empty NetworkConnectionSection, as real servers send it,
//     fixtures/osm__vapptemplate.xml); vcd-sim has no composeVApp either. SetOvf: only for VMs with
//     an OVF ProductSection, which neither the demo nor a plain VCD VM has;
//   - edge gateway NAT/firewall/VPN edits: configuration writes far beyond a browser's needs.
//
// -reconfigure adds the SDK's VM section edits (CPU, memory, NIC, guest customization): real VCD 5.5
// serves them, vcd-sim does not yet (they answer 404), so they are off by default.

package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	govcd "github.com/hmrc/vmware-govcd"
	types "github.com/hmrc/vmware-govcd/types/v56"
)

// Media types the SDK compares literally (case-sensitively) when it walks links.
const (
	mtVApp         = "application/vnd.vmware.vcloud.vApp+xml"
	mtCatalog      = "application/vnd.vmware.vcloud.catalog+xml"
	mtVAppTemplate = "application/vnd.vmware.vcloud.vAppTemplate+xml"
)

// exchange is one HTTP request/answer pair seen by the tracer.
type exchange struct {
	method, url, accept, reqType string
	status                       int
	respType                     string
	body                         string
	err                          error
}

func (e exchange) String() string {
	if e.err != nil {
		return fmt.Sprintf("%s %s [Accept: %s] -> transport error: %v", e.method, e.url, e.accept, e.err)
	}
	return fmt.Sprintf("%s %s [Accept: %s; Content-Type: %s] -> %d [%s]\n    %s",
		e.method, e.url, e.accept, e.reqType, e.status, e.respType, e.body)
}

// tracer wraps the SDK's transport and remembers the last exchanges, so a failing step can show
// exactly which request the SDK sent and what the simulator answered.
type tracer struct {
	next  http.RoundTripper
	live  bool
	mu    sync.Mutex
	ring  []exchange
	count int
}

func (t *tracer) RoundTrip(req *http.Request) (*http.Response, error) {
	e := exchange{method: req.Method, url: req.URL.String(),
		accept: strings.Join(req.Header.Values("Accept"), " | "), reqType: req.Header.Get("Content-Type")}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		e.err = err
	} else {
		e.status = resp.StatusCode
		e.respType = resp.Header.Get("Content-Type")
		body, rerr := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		if rerr != nil {
			e.err = rerr
		}
		// Namespace declarations fill the first few hundred bytes of every answer; drop them.
		snippet := xmlnsDecl.ReplaceAllString(strings.Join(strings.Fields(string(body)), " "), "")
		if len(snippet) > 600 {
			snippet = snippet[:600] + "…"
		}
		e.body = snippet
	}
	t.mu.Lock()
	t.count++
	t.ring = append(t.ring, e)
	if len(t.ring) > 4 {
		t.ring = t.ring[1:]
	}
	t.mu.Unlock()
	if t.live {
		fmt.Fprintln(os.Stderr, "TRACE", e)
	}
	return resp, err
}

func (t *tracer) last() exchange {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.ring) == 0 {
		return exchange{}
	}
	return t.ring[len(t.ring)-1]
}

func (t *tracer) dump() {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(os.Stderr, "last %d of %d HTTP exchanges:\n", len(t.ring), t.count)
	for _, e := range t.ring {
		fmt.Fprintln(os.Stderr, "  ", e)
	}
}

var trace *tracer

var xmlnsDecl = regexp.MustCompile(` xmlns(:\w+)?="[^"]*"| xsi:schemaLocation="[^"]*"`)

func fail(step string, err error) {
	fmt.Printf("FAIL %s: %v\n", step, err)
	if trace != nil {
		trace.dump()
	}
	os.Exit(1)
}

func ok(step string, format string, args ...interface{}) {
	if format == "" {
		fmt.Printf("OK %s\n", step)
		return
	}
	fmt.Printf("OK %s %s\n", step, fmt.Sprintf(format, args...))
}

// waitTask runs the SDK's own WaitTaskCompletion (which polls every 3 s and never gives up) with an
// upper bound, so a task stuck in "running" fails the step instead of hanging the test.
func waitTask(task *govcd.Task, limit time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- task.WaitTaskCompletion() }()
	select {
	case err := <-done:
		// The SDK reports a failed task with its (usually empty) Description; the reason is in the
		// task's Error element.
		if err != nil && task.Task != nil && task.Task.Error != nil {
			err = fmt.Errorf("%v [task Error %d %s: %s]", err, task.Task.Error.MajorErrorCode,
				task.Task.Error.MinorErrorCode, strings.Join(strings.Fields(task.Task.Error.Message), " "))
		}
		return err
	case <-time.After(limit):
		return fmt.Errorf("task %s still not finished after %s", task.Task.HREF, limit)
	}
}

func vappStatus(v *govcd.VApp) (string, error) {
	s, err := v.GetStatus()
	if err == nil && s == "" {
		err = fmt.Errorf("status code %d has no name in the SDK's table", v.VApp.Status)
	}
	return s, err
}

func tasksInProgress(t *types.TasksInProgress) int {
	if t == nil {
		return 0
	}
	n := 0
	for _, task := range t.Task {
		if task.Status == "queued" || task.Status == "preRunning" || task.Status == "running" {
			n++
		}
	}
	return n
}

// Expected "deployed" flag after an action.
const (
	anyDeployed = iota
	deployed
	undeployed
)

// powerStep runs one SDK vApp action, waits with the SDK and checks the resulting vApp status (want,
// unless empty) and deployed flag.
func powerStep(step string, vapp *govcd.VApp, action func() (govcd.Task, error), want string, dep int) {
	task, err := action()
	if err != nil {
		fail(step, err)
	}
	if task.Task == nil || task.Task.HREF == "" {
		fail(step, errors.New("the answer carried no Task href"))
	}
	if err := waitTask(&task, 120*time.Second); err != nil {
		fail(step, err)
	}
	if task.Task.Status != "success" {
		fail(step, fmt.Errorf("task %s ended %q", task.Task.HREF, task.Task.Status))
	}
	got, err := vappStatus(vapp)
	if err != nil {
		fail(step, err)
	}
	if want != "" && got != want {
		fail(step, fmt.Errorf("vApp %q is %s after the task, want %s", vapp.VApp.Name, got, want))
	}
	if (dep == deployed && !vapp.VApp.Deployed) || (dep == undeployed && vapp.VApp.Deployed) {
		fail(step, fmt.Errorf("vApp %q has deployed=%v after the task", vapp.VApp.Name, vapp.VApp.Deployed))
	}
	ok(step, "vapp=%q task=%s op=%s -> %s deployed=%v", vapp.VApp.Name, task.Task.Status,
		task.Task.OperationName, got, vapp.VApp.Deployed)
}

// taskStep runs an SDK call that answers a Task and waits for it with the SDK.
func taskStep(step string, action func() (govcd.Task, error)) *types.Task {
	task, err := action()
	if err != nil {
		fail(step, err)
	}
	if task.Task == nil || task.Task.HREF == "" {
		fail(step, errors.New("the answer carried no Task href"))
	}
	if err := waitTask(&task, 120*time.Second); err != nil {
		fail(step, err)
	}
	if task.Task.Status != "success" {
		fail(step, fmt.Errorf("task %s ended %q", task.Task.HREF, task.Task.Status))
	}
	return task.Task
}

func main() {
	base := flag.String("url", "", "simulator base URL (http://127.0.0.1:PORT, with or without /api)")
	orgName := flag.String("org", "acme-corp", "tenant organization")
	user := flag.String("user", "orgadmin", "user name inside -org")
	password := flag.String("password", "demo", "password")
	insecure := flag.Bool("insecure", true, "accept a self-signed certificate (vcd-sim --tls)")
	live := flag.Bool("trace", false, "print every HTTP exchange on stderr")
	vappName := flag.String("vapp", "", "vApp to power and edit (default: the first idle powered-on one; guest "+
		"reboot/shutdown need VMware Tools running in all its VMs, as on a real server)")
	reconfigure := flag.Bool("reconfigure", false,
		"also run the SDK's VM reconfiguration calls (CPU, memory, NIC, guest customization)")
	flag.Parse()
	if !*live {
		// The SDK log.Printf()s every body it sends; keep the output to the step lines.
		log.SetOutput(io.Discard)
	}
	if *base == "" {
		fmt.Fprintln(os.Stderr, "usage: govcd-check -url http://127.0.0.1:PORT [-org ORG] [-user USER] [-password PW]")
		os.Exit(2)
	}

	// The SDK appends "/versions" to the endpoint, so the endpoint is the /api root.
	endpoint, err := url.Parse(strings.TrimSuffix(strings.TrimSuffix(*base, "/"), "/api") + "/api")
	if err != nil {
		fail("arguments", err)
	}
	newClient := func() *govcd.VCDClient {
		c := govcd.NewVCDClient(*endpoint, *insecure)
		// Every client gets the same settings from the SDK, so one traced transport serves them all.
		if trace == nil {
			trace = &tracer{next: c.Client.Http.Transport, live: *live}
		}
		c.Client.Http.Transport = trace
		c.Client.Http.Timeout = 30 * time.Second
		return c
	}

	// 1. Wrong password: the SDK's login (GET /api/versions, POST LoginUrl) must be refused.
	// The SDK's own error text hides the status (a real 401 has an empty body, docs/VCD-API.md §2.1), so
	// the status comes from the tracer.
	if _, _, err := newClient().Authenticate(*user, *password+"-wrong", *orgName, ""); err == nil {
		fail("login refused with a wrong password", errors.New("Authenticate succeeded"))
	} else if last := trace.last(); last.method != "POST" || last.status != 401 {
		fail("login refused with a wrong password", fmt.Errorf("want a 401 to the POST, got %d to %s %s (%v)",
			last.status, last.method, last.url, err))
	} else {
		ok("login refused with a wrong password", "(401; SDK says: %v)", err)
	}

	// 2. The real login: versions -> LoginUrl -> POST with Basic user@org -> Session links ->
	// GET the org -> GET its (last) VDC.
	client := newClient()
	org, vdc, err := client.Authenticate(*user, *password, *orgName, "")
	if err != nil {
		fail("authenticate", err)
	}
	ok("authenticate", "as %s@%s (token %d chars, api %s)", *user, *orgName, len(client.Client.VCDToken),
		client.Client.APIVersion)

	if !strings.EqualFold(org.Org.Name, *orgName) || org.Org.HREF == "" {
		fail("org", fmt.Errorf("got org %q href %q, want %q", org.Org.Name, org.Org.HREF, *orgName))
	}
	ok("org", "%q full name %q, %d links", org.Org.Name, org.Org.FullName, len(org.Org.Link))

	if vdc.Vdc == nil || vdc.Vdc.Name == "" || vdc.Vdc.HREF == "" {
		fail("vdc", errors.New("Authenticate returned an empty VDC"))
	}
	if err := vdc.Refresh(); err != nil {
		fail("vdc", err)
	}
	var vappNames []string
	for _, res := range vdc.Vdc.ResourceEntities {
		for _, e := range res.ResourceEntity {
			if e.Type == mtVApp {
				vappNames = append(vappNames, e.Name)
			}
		}
	}
	if len(vappNames) == 0 {
		fail("vdc", fmt.Errorf("VDC %q lists no ResourceEntity of type %s", vdc.Vdc.Name, mtVApp))
	}
	ok("vdc", "%q status %s allocation %s, %d vApps", vdc.Vdc.Name, vdc.Vdc.Status, vdc.Vdc.AllocationModel,
		len(vappNames))

	// 3. Find a vApp by name (the SDK refreshes the VDC and follows the ResourceEntity href) that is
	// powered on or off and not busy.
	var vapp govcd.VApp
	var status string
	if *vappName != "" {
		vappNames = []string{*vappName}
	}
	for _, name := range vappNames {
		v, err := vdc.FindVAppByName(name)
		if err != nil {
			fail("find vapp", err)
		}
		s, err := vappStatus(&v)
		if err != nil {
			fail("find vapp", err)
		}
		if (s == "POWERED_ON" || s == "POWERED_OFF") && tasksInProgress(v.VApp.Tasks) == 0 {
			if vapp.VApp == nil || (s == "POWERED_ON" && status != "POWERED_ON") {
				vapp, status = v, s
			}
		}
	}
	if vapp.VApp == nil {
		fail("find vapp", fmt.Errorf("none of %v is idle and powered on or off", vappNames))
	}
	ok("find vapp", "%q (%s)", vapp.VApp.Name, vapp.VApp.HREF)
	byID, err := vdc.FindVAppByID(vapp.VApp.ID)
	if err != nil {
		fail("find vapp by id", err)
	}
	if byID.VApp.HREF != vapp.VApp.HREF {
		fail("find vapp by id", fmt.Errorf("%s found %s, want %s", vapp.VApp.ID, byID.VApp.HREF, vapp.VApp.HREF))
	}
	ok("find vapp by id", "%s", vapp.VApp.ID)
	ok("vapp status", "%s (status=%d deployed=%v)", status, vapp.VApp.Status, vapp.VApp.Deployed)

	// 4. The vApp's VMs, each fetched again through its own href.
	if vapp.VApp.Children == nil || len(vapp.VApp.Children.VM) == 0 {
		fail("vms", fmt.Errorf("vApp %q has no Children/Vm", vapp.VApp.Name))
	}
	for _, child := range vapp.VApp.Children.VM {
		vm, err := client.FindVMByHREF(child.HREF)
		if err != nil {
			fail("vm", err)
		}
		if vm.VM.Name != child.Name {
			fail("vm", fmt.Errorf("VM at %s is named %q, the vApp said %q", child.HREF, vm.VM.Name, child.Name))
		}
		cpus, memMB := 0, 0
		if vm.VM.VirtualHardwareSection != nil {
			for _, item := range vm.VM.VirtualHardwareSection.Item {
				switch item.ResourceType {
				case 3:
					cpus = item.VirtualQuantity
				case 4:
					memMB = item.VirtualQuantity
				}
			}
		}
		if cpus <= 0 || memMB <= 0 {
			fail("vm", fmt.Errorf("VM %q: no CPU/memory items in ovf:VirtualHardwareSection (cpu=%d mem=%d)",
				vm.VM.Name, cpus, memMB))
		}
		ok("vm", "%q status %s cpu=%d memoryMB=%d", vm.VM.Name, types.VAppStatuses[vm.VM.Status], cpus, memMB)
	}

	// 5. Power the vApp off and on (or on and off) with the SDK, waiting with the SDK's own task poll;
	// then every other vApp action the SDK has, ending powered on.
	if status == "POWERED_ON" {
		powerStep("power off", &vapp, vapp.PowerOff, "POWERED_OFF", anyDeployed)
		powerStep("power on", &vapp, vapp.PowerOn, "POWERED_ON", deployed)
	} else {
		powerStep("power on", &vapp, vapp.PowerOn, "POWERED_ON", deployed)
		powerStep("power off", &vapp, vapp.PowerOff, "POWERED_OFF", anyDeployed)
		powerStep("power on again", &vapp, vapp.PowerOn, "POWERED_ON", deployed)
	}
	powerStep("reboot", &vapp, vapp.Reboot, "POWERED_ON", deployed)
	powerStep("reset", &vapp, vapp.Reset, "POWERED_ON", deployed)
	powerStep("suspend", &vapp, vapp.Suspend, "SUSPENDED", anyDeployed)
	powerStep("power on from suspended", &vapp, vapp.PowerOn, "POWERED_ON", deployed)
	powerStep("shutdown", &vapp, vapp.Shutdown, "POWERED_OFF", anyDeployed)
	// A power-off of a powered-off vApp is refused with an Error document (docs/VCD-API.md §5: 400), which
	// the SDK's error parser must be able to read.
	if _, err := vapp.PowerOff(); err == nil {
		fail("power off refused when off", errors.New("the SDK got a Task"))
	} else if !strings.Contains(err.Error(), "API Error: 400") {
		fail("power off refused when off", fmt.Errorf("want the SDK's \"API Error: 400\", got: %v", err))
	} else {
		ok("power off refused when off", "(%v)", err)
	}
	// Undeploy sends UndeployVAppParams (powerOff), deploy sends DeployVAppParams powerOn="false".
	powerStep("undeploy", &vapp, vapp.Undeploy, "POWERED_OFF", undeployed)
	powerStep("deploy", &vapp, vapp.Deploy, "", deployed)
	powerStep("power on after deploy", &vapp, vapp.PowerOn, "POWERED_ON", deployed)

	// 6. Edits the SDK makes on the vApp's first VM: rename (PUT of a bare Vm element) and back,
	// metadata set (PUT MetadataValue) and delete.
	firstVM := vapp.VApp.Children.VM[0]
	newName := firstVM.Name + "-govcd"
	t := taskStep("rename vm", func() (govcd.Task, error) { return vapp.ChangeVMName(newName) })
	if vm, err := client.FindVMByHREF(firstVM.HREF); err != nil || vm.VM.Name != newName {
		fail("rename vm", fmt.Errorf("after %s the VM is %q (%v), want %q", t.OperationName, vm.VM.Name, err, newName))
	}
	ok("rename vm", "%q -> %q", firstVM.Name, newName)
	taskStep("rename vm back", func() (govcd.Task, error) { return vapp.ChangeVMName(firstVM.Name) })
	if vm, err := client.FindVMByHREF(firstVM.HREF); err != nil || vm.VM.Name != firstVM.Name {
		fail("rename vm back", fmt.Errorf("the VM is %q (%v), want %q", vm.VM.Name, err, firstVM.Name))
	}
	ok("rename vm back", "%q", firstVM.Name)
	t = taskStep("add metadata", func() (govcd.Task, error) { return vapp.AddMetadata("govcd-check", "passed") })
	ok("add metadata", "op=%s", t.OperationName)
	t = taskStep("delete metadata", func() (govcd.Task, error) { return vapp.DeleteMetadata("govcd-check") })
	ok("delete metadata", "op=%s", t.OperationName)

	// 6b. The SDK's VM reconfiguration: PUTs of the first VM's sections (rasdItem cpu/memory,
	// NetworkConnectionSection, GuestCustomizationSection). Real VCD 5.5 serves them (the VM carries
	// their edit links); optional until vcd-sim implements them.
	if *reconfigure {
		vmCPU := func(href string) (int, int, *types.NetworkConnection) {
			vm, err := client.FindVMByHREF(href)
			if err != nil {
				fail("reconfigure", err)
			}
			cpu, mem := 0, 0
			if vm.VM.VirtualHardwareSection != nil {
				for _, item := range vm.VM.VirtualHardwareSection.Item {
					switch item.ResourceType {
					case 3:
						cpu = item.VirtualQuantity
					case 4:
						mem = item.VirtualQuantity
					}
				}
			}
			var nic *types.NetworkConnection
			if vm.VM.NetworkConnectionSection != nil {
				nic = vm.VM.NetworkConnectionSection.NetworkConnection
			}
			return cpu, mem, nic
		}
		cpu, mem, nic := vmCPU(firstVM.HREF)
		taskStep("change cpu", func() (govcd.Task, error) { return vapp.ChangeCPUcount(cpu + 1) })
		if got, _, _ := vmCPU(firstVM.HREF); got != cpu+1 {
			fail("change cpu", fmt.Errorf("VM %q has %d CPUs, want %d", firstVM.Name, got, cpu+1))
		}
		ok("change cpu", "%d -> %d", cpu, cpu+1)
		taskStep("change memory", func() (govcd.Task, error) { return vapp.ChangeMemorySize(mem * 2) })
		if _, got, _ := vmCPU(firstVM.HREF); got != mem*2 {
			fail("change memory", fmt.Errorf("VM %q has %d MB, want %d", firstVM.Name, got, mem*2))
		}
		ok("change memory", "%d MB -> %d MB", mem, mem*2)
		if nic == nil {
			fail("change nic", fmt.Errorf("VM %q has no NetworkConnection", firstVM.Name))
		}
		taskStep("change nic", func() (govcd.Task, error) { return vapp.ChangeNetworkConfig(nic.Network, "dhcp") })
		if _, _, got := vmCPU(firstVM.HREF); got == nil || got.IPAddressAllocationMode != "DHCP" {
			fail("change nic", fmt.Errorf("VM %q NIC is %+v, want DHCP", firstVM.Name, got))
		}
		ok("change nic", "%s on %q -> DHCP", nic.IPAddressAllocationMode, nic.Network)
		taskStep("guest customization", func() (govcd.Task, error) {
			return vapp.RunCustomizationScript(firstVM.Name, "echo govcd-check")
		})
		ok("guest customization", "")
	}

	// 7. Catalogs: Org -> Catalog -> CatalogItem -> vAppTemplate.
	var catalogNames []string
	for _, l := range org.Org.Link {
		if l.Rel == "down" && l.Type == mtCatalog {
			catalogNames = append(catalogNames, l.Name)
		}
	}
	if len(catalogNames) == 0 {
		fail("catalog", fmt.Errorf("org %q has no Link rel=down type=%s", org.Org.Name, mtCatalog))
	}
	templates := 0
	var template govcd.VAppTemplate
	for _, cname := range catalogNames {
		cat, err := org.FindCatalog(cname)
		if err != nil {
			fail("catalog", err)
		}
		items := 0
		for _, group := range cat.Catalog.CatalogItems {
			items += len(group.CatalogItem)
		}
		ok("catalog", "%q %d items", cat.Catalog.Name, items)
		for _, group := range cat.Catalog.CatalogItems {
			for _, ref := range group.CatalogItem {
				item, err := cat.FindCatalogItem(ref.Name)
				if err != nil {
					fail("catalog item", err)
				}
				if item.CatalogItem.Entity == nil || item.CatalogItem.Entity.HREF == "" {
					fail("catalog item", fmt.Errorf("catalog item %q has no Entity", ref.Name))
				}
				if item.CatalogItem.Entity.Type != mtVAppTemplate || templates > 0 {
					continue
				}
				ok("catalog item", "%q -> %s", item.CatalogItem.Name, item.CatalogItem.Entity.Type)
				tpl, err := item.GetVAppTemplate()
				if err != nil {
					fail("vapp template", err)
				}
				if tpl.VAppTemplate.Name == "" || tpl.VAppTemplate.HREF == "" {
					fail("vapp template", fmt.Errorf("empty VAppTemplate at %s", item.CatalogItem.Entity.HREF))
				}
				vms := 0
				if tpl.VAppTemplate.Children != nil {
					vms = len(tpl.VAppTemplate.Children.VM)
				}
				ok("vapp template", "%q status %d, %d VMs", tpl.VAppTemplate.Name, tpl.VAppTemplate.Status, vms)
				template = tpl
				templates++
			}
		}
	}
	if templates == 0 {
		fail("catalog item", fmt.Errorf("no catalog of %v holds a %s item", catalogNames, mtVAppTemplate))
	}

	// 8. Instantiate that template into the VDC with the SDK (it waits for the embedded tasks
	// itself), find the new vApp by name and delete it again.
	newVApp := fmt.Sprintf("govcd-check-%d", os.Getpid())
	params := &types.InstantiateVAppTemplateParams{
		Ovf:              "http://schemas.dmtf.org/ovf/envelope/1",
		Xsi:              "http://www.w3.org/2001/XMLSchema-instance",
		Xmlns:            "http://www.vmware.com/vcloud/v1.5",
		Name:             newVApp,
		Deploy:           false,
		PowerOn:          false,
		Description:      "made by the govcd SDK check",
		Source:           &types.Reference{HREF: template.VAppTemplate.HREF},
		AllEULAsAccepted: true,
	}
	if err := vdc.InstantiateVAppTemplate(params); err != nil {
		fail("instantiate", err)
	}
	made, err := vdc.FindVAppByName(newVApp)
	if err != nil {
		fail("instantiate", err)
	}
	madeStatus, err := vappStatus(&made)
	if err != nil {
		fail("instantiate", err)
	}
	madeVMs := 0
	if made.VApp.Children != nil {
		madeVMs = len(made.VApp.Children.VM)
	}
	if madeVMs == 0 {
		fail("instantiate", fmt.Errorf("new vApp %q has no VMs", newVApp))
	}
	ok("instantiate", "%q from %q: %s, %d VMs", newVApp, template.VAppTemplate.Name, madeStatus, madeVMs)
	t = taskStep("delete vapp", made.Delete)
	if _, err := vdc.FindVAppByName(newVApp); err == nil {
		fail("delete vapp", fmt.Errorf("%q is still in the VDC after %s", newVApp, t.OperationName))
	}
	ok("delete vapp", "%q gone (op=%s)", newVApp, t.OperationName)

	// 9. The query service, through the Session's query link.
	res, err := client.Query(map[string]string{"type": "vm", "format": "records"})
	if err != nil {
		fail("query vm", err)
	}
	if len(res.Results.VMRecord) == 0 {
		fail("query vm", fmt.Errorf("no VMRecord (total=%v)", res.Results.Total))
	}
	ok("query vm", "%d records of %v, first %q %s", len(res.Results.VMRecord), res.Results.Total,
		res.Results.VMRecord[0].Name, res.Results.VMRecord[0].Status)
	res, err = client.Query(map[string]string{"type": "vApp", "format": "records"})
	if err != nil {
		fail("query vapp", err)
	}
	if len(res.Results.VAppRecord) == 0 {
		fail("query vapp", fmt.Errorf("no VAppRecord (total=%v)", res.Results.Total))
	}
	ok("query vapp", "%d records of %v, first %q %s", len(res.Results.VAppRecord), res.Results.Total,
		res.Results.VAppRecord[0].Name, res.Results.VAppRecord[0].Status)

	// 10. Networks: the VDC's AvailableNetworks, fetched as OrgVdcNetwork; then the edge gateway
	// through the VDC's edgeGateways query link.
	netName := ""
	for _, an := range vdc.Vdc.AvailableNetworks {
		for _, n := range an.Network {
			if netName == "" {
				netName = n.Name
			}
		}
	}
	if netName == "" {
		fail("network", fmt.Errorf("VDC %q has no AvailableNetworks/Network", vdc.Vdc.Name))
	}
	net, err := vdc.FindVDCNetwork(netName)
	if err != nil {
		fail("network", err)
	}
	fence := ""
	if net.OrgVDCNetwork.Configuration != nil {
		fence = net.OrgVDCNetwork.Configuration.FenceMode
	}
	if net.OrgVDCNetwork.Name != netName || fence == "" {
		fail("network", fmt.Errorf("network %q: name %q fence mode %q", netName, net.OrgVDCNetwork.Name, fence))
	}
	ok("network", "%q fence mode %s", net.OrgVDCNetwork.Name, fence)

	edge, err := vdc.FindEdgeGateway("")
	if err != nil {
		fail("edge gateway", err)
	}
	if edge.EdgeGateway.Name == "" || edge.EdgeGateway.Configuration == nil {
		fail("edge gateway", fmt.Errorf("empty EdgeGateway %q / configuration", edge.EdgeGateway.Name))
	}
	ok("edge gateway", "%q status %d", edge.EdgeGateway.Name, edge.EdgeGateway.Status)

	// 11. Another tenant: orgadmin of a different org logs in with the SDK and must be refused the
	// first org's VM (real servers answer 403 for entities of other orgs, docs/VCD-API.md §5).
	other := "globex"
	if strings.EqualFold(*orgName, other) {
		other = "acme-corp"
	}
	otherClient := newClient()
	otherOrg, _, err := otherClient.Authenticate(*user, *password, other, "")
	if err != nil {
		fail("other tenant", err)
	}
	if _, err := otherClient.FindVMByHREF(firstVM.HREF); err == nil {
		fail("other tenant", fmt.Errorf("%s@%s may read %s of %s", *user, other, firstVM.HREF, *orgName))
	} else if !strings.Contains(err.Error(), "API Error: 403") {
		fail("other tenant", fmt.Errorf("want the SDK's \"API Error: 403\", got: %v", err))
	}
	ok("other tenant", "%s@%s (org %q) refused VM %q", *user, other, otherOrg.Org.Name, firstVM.Name)

	// 12. Logout; afterwards the old token must be refused.
	if err := client.Disconnect(); err != nil {
		fail("logout", err)
	}
	if err := vdc.Refresh(); err == nil {
		fail("logout", errors.New("the token still works after DELETE of the session"))
	}
	ok("logout", "token refused afterwards")
}
