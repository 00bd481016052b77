# 2,400 delegates of 4 roles (organisations of 3) at 300 tables of one
# theme: more tables than a theme is dealt table by table (256).
roles = ["commissioner", "investor", "coop", "social-enterprise"]
with open("event.yaml", "w") as f:
    f.write("event: {name: Many tables}\nthemes: [{id: one, title: One theme}]\nroster:\n")
    for i in range(2400):
        f.write(f"  - {{id: d{i:04d}, name: D{i}, organisation: Org {i // 3}, role: {roles[i % 4]}}}\n")
    f.write("tables: {count: 300, capacity: 8}\n")
